import threading
import pytest
from django.db import connection
from consultation.models import Proposal
from tests.consultation import factories as f

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("n", [4, 6, 8, 12])
def test_x(n):
    f.ProposalFactory()  # warm CommunitySettings
    barrier = threading.Barrier(n)
    out = [None]*n
    def w(i):
        try:
            barrier.wait()
            out[i] = f.ProposalFactory(title=f"t{i}").tracking_number
        except BaseException as e:
            out[i] = repr(e)
        finally:
            connection.close()
    ts = [threading.Thread(target=w, args=(i,)) for i in range(n)]
    [t.start() for t in ts]; [t.join() for t in ts]
    print(n, sorted(map(str, out)))
