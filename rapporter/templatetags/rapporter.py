from django import template

from insatser.behorighet import far_se_rapporter

register = template.Library()


@register.filter
def ar_kansli(user) -> bool:
    return far_se_rapporter(user)
