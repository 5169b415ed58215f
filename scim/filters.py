"""SCIM filters (RFC 7644 §3.4.2.2) as Django queries, parsed by scim2-filter-parser.

That library is the parser django-scim2 uses; its Django transpiler turns a filter into a
Q object. An attribute Tandem does not keep is refused (invalidFilter) rather than
silently dropped, which would widen the result.
"""

from django.db.models import Q
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from scim2_filter_parser.transpilers.django_q_object import Transpiler

from .protocol import ENTERPRISE, TANDEM, USER, ScimError

USER_ATTRIBUTES = {
    ("id", None, None): "code",
    ("userName", None, None): "email",
    ("externalId", None, None): "provisioning__external_id",
    ("displayName", None, None): "name",
    ("name", "formatted", None): "name",
    ("name", "givenName", None): "provisioning__given_name",
    ("name", "familyName", None): "provisioning__family_name",
    ("title", None, None): "job_title",
    ("active", None, None): "is_active",
    ("emails", None, None): "email",
    ("emails", "value", None): "email",
    ("preferredLanguage", None, None): "preferred_language",
    ("department", None, ENTERPRISE): "department__name",
    ("manager", "value", ENTERPRISE): "manager__code",
    ("grade", None, TANDEM): "grade",
    ("meta", "created", None): "date_joined",
    ("meta", "lastModified", None): "provisioning__updated_at",
}
GROUP_ATTRIBUTES = {
    ("id", None, None): "code",
    ("displayName", None, None): "display_name",
    ("externalId", None, None): "external_id",
    ("members", None, None): "members__code",
    ("members", "value", None): "members__code",
    ("meta", "lastModified", None): "updated_at",
}


class _StrictTranspiler(Transpiler):
    def visit_AttrPath(self, node):
        field = super().visit_AttrPath(node)
        if field is None:
            name = ".".join(filter(None, [node.attr_name, getattr(node.sub_attr, "value", None)]))
            raise ScimError(400, f"Tandem cannot filter on {name!r}.", "invalidFilter")
        return field


def _with_core_uri(attributes: dict, core: str) -> dict:
    """Also accept each core attribute written with its schema URN in front."""
    full = dict(attributes)
    for (name, sub, uri), field in attributes.items():
        if uri is None:
            full[(name, sub, core)] = field
    return full


def query(text: str, *, groups: bool = False) -> Q:
    attributes = GROUP_ATTRIBUTES if groups else USER_ATTRIBUTES
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
        result = _StrictTranspiler(_with_core_uri(attributes, USER)).transpile(tree)
    except ScimError:
        raise
    except Exception as exc:  # the parser raises its own and plain errors alike
        raise ScimError(400, f"The filter {text!r} cannot be read.", "invalidFilter") from exc
    if not isinstance(result, Q):
        raise ScimError(400, f"The filter {text!r} cannot be read.", "invalidFilter")
    return result
