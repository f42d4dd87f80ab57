"""Image collections that uploads are filed in, made on first use."""

from wagtail.models import Collection


def collection_named(name):
    """The collection called `name` under the root, created if there is none yet."""
    return Collection.objects.filter(name=name).first() or Collection.get_first_root_node().add_child(name=name)
