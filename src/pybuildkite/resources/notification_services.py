"""Notification services (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncNotificationServices", "NotificationServices"]


class _NotificationServicesEndpoints:
    pass


class NotificationServices(_NotificationServicesEndpoints, SyncAPIResource):
    pass


class AsyncNotificationServices(_NotificationServicesEndpoints, AsyncAPIResource):
    pass
