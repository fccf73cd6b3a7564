"""The ``responsive_image`` tag: an <img> that loads the smallest copy that fits.

{% raw %}    {% load images %}
    {% responsive_image post.cover post.cover_alt post.cover_renditions post.cover_width post.cover_height sizes="8rem" %}{% endraw %}

Width and height are given so that the browser keeps the picture's room before it
arrives (no layout shift). Until the worker has made the renditions, the list is
empty and the original alone is offered.
"""

from django import template
from django.utils.html import format_html

from ..renditions import rendition_name

register = template.Library()


@register.simple_tag
def responsive_image(
    image, alt, renditions, width, height, *, sizes="100vw", css_class="", lazy=False
):
    if not image:
        return ""
    srcset = ", ".join(
        [
            *(
                f"{image.storage.url(rendition_name(image.name, w))} {w}w"
                for w in renditions
            ),
            f"{image.url} {width}w",
        ]
    )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' class="{}" loading="{}" decoding="async">',
        image.url,
        srcset,
        sizes,
        width,
        height,
        alt,
        css_class,
        "lazy" if lazy else "eager",
    )
