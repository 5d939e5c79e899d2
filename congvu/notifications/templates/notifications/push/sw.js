{% load i18n %}// Công Vụ's service worker (seed 000 Điều 9.1): shows the notifications pushed to this device and,
// when one is tapped, opens its address on this site (focusing a window already showing it).
"use strict";
const ICON = "{{ icon|escapejs }}";
const DEFAULT_TITLE = "{% translate 'Công Vụ' as title %}{{ title|escapejs }}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (error) { data = { body: event.data.text() }; }
  }
  event.waitUntil(self.registration.showNotification(data.title || DEFAULT_TITLE, {
    body: data.body || "",
    icon: ICON,
    badge: ICON,
    tag: data.tag || undefined,
    lang: data.lang || undefined,
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  let target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);  // only this site
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === target.href && "focus" in client) return client.focus();
    }
    return self.clients.openWindow(target.href);
  })());
});
