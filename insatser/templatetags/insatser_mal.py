from django import template

from insatser import behorighet

register = template.Library()


@register.filter
def far_andra_mal(user) -> bool:
    return behorighet.far_andra_mal(user)
