"""Public pages of the consultation process: proposals, tracking, sessions, the notice board."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from consultation import downloads, evaluation, noticeboard, workflow
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Notice, Proposal, Session, Task
from consultation.models.proposals import STAGE_OF_STATE, Category, Stage, State
from consultation.pages import proposal_record, record_files
from consultation.pdf.documents import quarter_table
from consultation.web.forms import ObjectionForm, ProposalForm, RatingForm, TrackForm
from consultation.web.verify import verify_url
from core import verification
from core.models import CommunitySettings
from core.paging import paginate, query_param, query_prefix
from core.sites import community


def rate_limited(request, group):
    """True once this client has posted more than the configured number of `group` forms this hour."""
    return is_ratelimited(
        request,
        group=f"consultation.{group}",
        key="ip",
        rate=settings.CONSULTATION_RATE_LIMITS[group],
        method="POST",
        increment=True,
    )


def too_many(request):
    return TemplateResponse(request, "consultation/rate_limited.html", status=429)


def voice_context(request, anchor, reason):
    """What a form that needs a verified number shows: who is verified, or how to become so."""
    return {
        "voice": verification.verified_phone(request),
        "verify_url": verify_url(request, anchor),
        "verify_reason": reason,
    }


RATING_REASON = gettext_lazy("评价前请先验证手机号：每个号码只能评价一次，满意率只统计验证过的评价。")
OBJECTION_REASON = gettext_lazy("提交前请先验证手机号：社区会按这个号码联系您、答复您。")
PROPOSAL_REASON = gettext_lazy("提议前请先验证手机号：社区会按这个号码联系您，号码不会公开。")


# -- proposals ---------------------------------------------------------------------------------


def proposal_index(request):
    site = community(request)
    proposals = Proposal.objects.public().filter(site=site).order_by("-submitted_at", "-pk")
    stage, category, year = (
        query_param(request, "stage"),
        query_param(request, "category"),
        query_param(request, "year"),
    )
    if stage:
        if stage not in Stage.values:
            raise Http404(_("没有这个环节。"))
        proposals = proposals.in_stage(stage)
    if category:
        if category not in Category.values:
            raise Http404(_("没有这个类别。"))
        proposals = proposals.filter(category=category)
    if year:
        if not year.isdigit():
            raise Http404(_("年份不正确。"))
        proposals = proposals.filter(year=int(year))
    # One grouped query gives both the stage counts and the years to filter by.
    counts = Proposal.objects.public().filter(site=site).values_list("state", "year").annotate(n=Count("pk")).order_by()
    stage_counts, years = {}, set()
    for state, proposal_year, n in counts:
        stage_counts[STAGE_OF_STATE[state]] = stage_counts.get(STAGE_OF_STATE[state], 0) + n
        years.add(proposal_year)
    return TemplateResponse(
        request,
        "consultation/proposal_index.html",
        {
            "proposals": paginate(request, proposals, settings.CONSULTATION_PAGE_SIZE),
            "stages": [(s, s.label, stage_counts.get(s, 0)) for s in Stage],
            "categories": Category.choices,
            "years": sorted(years, reverse=True),
            "current": {"stage": stage, "category": category, "year": year},
            "query_prefix": query_prefix(request),
        },
    )


def proposal_detail(request, number):
    proposal = get_object_or_404(
        Proposal.objects.public().select_related("merged_into", "referred_unit"),
        tracking_number=number,
        site=community(request),
    )
    return _proposal_page(request, proposal, RatingForm() if proposal.state == State.EVALUATING else None)


def _proposal_page(request, proposal, rating_form, status=200):
    voice = voice_context(request, "evaluation", RATING_REASON) if rating_form is not None else {}
    own_rating = None
    if voice.get("voice") is not None:
        own_rating = proposal.ratings.filter(phone_fingerprint=voice["voice"].fingerprint).first()
    return TemplateResponse(
        request,
        "consultation/proposal_detail.html",
        {**proposal_record(proposal), "rating_form": rating_form, "own_rating": own_rating, **voice},
        status=status,
    )


def rate_proposal(request, number):
    proposal = get_object_or_404(Proposal.objects.public(), tracking_number=number, site=community(request))
    if request.method != "POST":
        return redirect(proposal.get_absolute_url())
    if rate_limited(request, "rating"):
        return too_many(request)
    form = RatingForm(request.POST)
    status = 400
    if form.is_valid():
        voice = verification.verified_phone(request)
        try:
            evaluation.rate(proposal, form.cleaned_data["score"], voice, form.cleaned_data["comment"])
        except ActionRefused as error:
            form.add_error(None, str(error))
            status = 403 if voice is None else 409 if isinstance(error, evaluation.AlreadyRated) else 400
        else:
            messages.success(request, _("谢谢您的评价！"))
            return redirect(proposal.get_absolute_url() + "#evaluation")
    return _proposal_page(request, proposal, form, status=status)


def propose(request):
    site = community(request)
    community_settings = CommunitySettings.for_site(site)
    estates = community_settings.estate_list()
    voice = verification.verified_phone(request)
    needs_voice = community_settings.proposals_need_verification
    status = 200
    if request.method == "POST":
        if rate_limited(request, "propose"):
            return too_many(request)
        form = ProposalForm(request.POST, request.FILES, estates=estates, voice=voice)
        if needs_voice and voice is None:
            form.add_error(None, str(PROPOSAL_REASON))
            status = 403
        elif form.is_valid():
            proposal = form.save(commit=False)
            proposal.site = site
            workflow.submit(proposal, form.cleaned_data["photos"], voice=voice)
            return redirect(
                f"{reverse('consultation:track')}?{urlencode({'number': proposal.tracking_number, 'new': 1})}"
            )
        else:
            status = 400
    else:
        form = ProposalForm(estates=estates, voice=voice)
    context = {"form": form, "needs_voice": needs_voice, **voice_context(request, "", PROPOSAL_REASON)}
    return TemplateResponse(request, "consultation/propose.html", context, status=status)


def track(request):
    form = TrackForm(request.GET or None)
    proposal = None
    if form.is_valid():
        proposal = Proposal.objects.filter(tracking_number=form.cleaned_data["number"], site=community(request)).first()
        if proposal is None:
            form.add_error(
                "number",
                _("没有找到编号为 %(number)s 的议题，请核对后再试。") % {"number": form.cleaned_data["number"]},
            )
    return TemplateResponse(
        request,
        "consultation/track.html",
        {
            "form": form,
            "proposal": proposal,
            "events": list(proposal.events.all()) if proposal else [],
            "just_submitted": proposal is not None and request.GET.get("new") == "1",
        },
    )


# -- sessions ------------------------------------------------------------------------------------


def session_index(request):
    site = community(request)
    sessions = Session.objects.filter(site=site).exclude(status=Session.Status.CANCELLED)
    agenda = Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("proposal").order_by("sort_order"))
    return TemplateResponse(
        request,
        "consultation/session_index.html",
        {
            "upcoming": list(sessions.upcoming().prefetch_related(agenda)[:3]),
            "past": paginate(request, sessions.past().prefetch_related(agenda), settings.CONSULTATION_PAGE_SIZE),
        },
    )


def session_detail(request, pk):
    session = get_object_or_404(Session.objects.filter(site=community(request)), pk=pk)
    items = (
        session.agenda_items.select_related("proposal")
        .prefetch_related(Prefetch("proposal__tasks", queryset=Task.objects.select_related("unit")))
        .order_by("sort_order")
    )
    participants = list(session.participants.all())
    expected, present = session.attendance()
    return TemplateResponse(
        request,
        "consultation/session_detail.html",
        {
            "session": session,
            "items": items,
            "participants": participants,
            "attendance": {"expected": expected, "present": present},
            "record": record_files(session, reverse("consultation:minutes", args=(session.pk,)))
            if session.has_minutes
            else None,
        },
    )


def session_minutes(request, pk, number=None):
    """The minutes of a held 议事日 as PDF: the approved record, or the draft until it is approved."""
    session = get_object_or_404(Session.objects.filter(site=community(request), status=Session.Status.HELD), pk=pk)
    return downloads.serve(request, session, number, public=True)


# -- notices -------------------------------------------------------------------------------------


def notice_index(request):
    site = community(request)
    notices = Notice.objects.published().filter(site=site).annotate(objection_count=Count("objections"))
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "consultation/notice_index.html",
        {
            "on_display": list(notices.on_display(today).order_by("ends_on")),
            "archive": paginate(
                request, notices.archived(today).order_by("-ends_on", "-pk"), settings.CONSULTATION_PAGE_SIZE
            ),
            "upcoming": list(notices.filter(starts_on__gt=today).order_by("starts_on")),
        },
    )


def notice_pdf(request, pk, number=None):
    notice = get_object_or_404(Notice.objects.published().filter(site=community(request)), pk=pk)
    return downloads.serve(request, notice, number, public=True)


def notice_detail(request, pk):
    notice = get_object_or_404(
        Notice.objects.published().filter(site=community(request)).select_related("proposal"), pk=pk
    )
    form = None
    status = 200
    if request.method == "POST" and not notice.is_on_display():
        messages.error(request, _("这份公示不在公示期内，不能提交意见。"))
        status = 400
    elif notice.is_on_display():
        if request.method == "POST":
            if rate_limited(request, "objection"):
                return too_many(request)
            form = ObjectionForm(request.POST)
            status = 400
            if form.is_valid():
                voice = verification.verified_phone(request)
                try:
                    noticeboard.file_objection(
                        notice,
                        form.cleaned_data["kind"],
                        form.cleaned_data["name"],
                        voice,
                        form.cleaned_data["content"],
                    )
                except ActionRefused as error:
                    form.add_error(None, str(error))
                    status = 403 if voice is None else 400
                else:
                    messages.success(request, _("已收到您的意见，社区会在公示期结束前答复。"))
                    return redirect(notice.get_absolute_url() + "#objections")
        else:
            form = ObjectionForm()
    return TemplateResponse(
        request,
        "consultation/notice_detail.html",
        {
            "notice": notice,
            "record": record_files(notice, reverse("consultation:notice_pdf", args=(notice.pk,))),
            "rows": quarter_table(notice),
            "form": form,
            "objections": list(notice.objections.all()),
            "on_display": notice.is_on_display(),
            "not_started": notice.starts_on > timezone.localdate(),
            **(voice_context(request, "objections", OBJECTION_REASON) if form is not None else {}),
        },
        status=status,
    )
