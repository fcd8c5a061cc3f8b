from django.urls import reverse

from common.urls import url_of_pk


def test_the_url_of_a_pk_is_reverse_s():
    for name in ["pledges:detail", "progress:group", "pledges:create"]:
        url = url_of_pk(name)
        for pk in [1, 10, 987, 98765432100]:
            assert url(pk) == reverse(name, args=[pk])
