from django.urls import path, re_path

from . import api, views

app_name = "scim"
urlpatterns = [
    # HR's pages.
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:code>/", views.token, name="token"),
    path("tokens/<uuid:code>/revoke/", views.revoke, name="revoke"),
    # The SCIM 2.0 service (RFC 7644); identity providers add the trailing names.
    path("v2/", api.root, name="root"),
    path("v2/ServiceProviderConfig", api.service_provider_config, name="config"),
    path("v2/ResourceTypes", api.resource_types, name="resource-types"),
    path("v2/ResourceTypes/<str:name>", api.resource_types, name="resource-type"),
    path("v2/Schemas", api.schemas, name="schemas"),
    re_path(r"^v2/Schemas/(?P<urn>[^/]+)$", api.schemas, name="schema"),
    path("v2/Users", api.users_view, name="users"),
    path("v2/Users/<str:code>", api.user_view, name="user"),
    path("v2/Groups", api.groups_view, name="groups"),
    path("v2/Groups/<str:code>", api.group_view, name="group"),
]
