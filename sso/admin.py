from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin

# Identity providers are configured from the environment (sso/config.py) and Tandem keeps
# no provider's tokens (SOCIALACCOUNT_STORE_TOKENS off): the admin shows only the links
# between accounts and providers (allauth's SocialAccount).
for model in (SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
