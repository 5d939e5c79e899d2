// Công Vụ as an installed app (seed 000 Điều 9.1): registers the service worker of the whole site and,
// on the device page (/thong-bao/thiet-bi/), subscribes this device to Web Push or stops it.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  const registering = navigator.serviceWorker
    .register(script.dataset.serviceWorker || "/sw.js", { scope: "/" })
    .catch(() => null);

  const keyBytes = (base64url) => {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  const csrfToken = () => {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  };
  const post = (url, body) => fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  }).then((response) => { if (!response.ok) throw new Error(String(response.status)); return response; });

  const setUpDevicePanel = async () => {
    const panel = document.getElementById("push-device");
    if (!panel) return;
    const state = document.getElementById("push-state");
    const on = document.getElementById("push-subscribe");
    const off = document.getElementById("push-unsubscribe");
    const say = (key) => { state.textContent = state.dataset[key]; };
    if (!("PushManager" in window) || !("Notification" in window)) { say("unsupported"); return; }
    const registration = await registering && await navigator.serviceWorker.ready;
    if (!registration) { say("unsupported"); return; }
    const show = (button, visible) => { button.style.display = visible ? "" : "none"; };
    const refresh = async () => {
      const subscription = await registration.pushManager.getSubscription();
      const known = subscription && document.querySelector(`tr[data-endpoint="${CSS.escape(subscription.endpoint)}"]`);
      const denied = Notification.permission === "denied";
      show(on, !known && !denied);
      show(off, Boolean(known));
      say(denied ? "denied" : known ? "on" : "off");
    };
    on.addEventListener("click", async () => {
      on.disabled = true;
      try {
        if ((await Notification.requestPermission()) !== "granted") { say("denied"); return; }
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: keyBytes(panel.dataset.publicKey),
        });
        await post(panel.dataset.subscribeUrl, { ...subscription.toJSON(), user_agent: navigator.userAgent });
        window.location.reload();
      } catch (error) { say("failed"); } finally { on.disabled = false; }
    });
    off.addEventListener("click", async () => {
      off.disabled = true;
      try {
        const subscription = await registration.pushManager.getSubscription();
        if (subscription) {
          await post(panel.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
          await subscription.unsubscribe();
        }
        window.location.reload();
      } catch (error) { say("failed"); } finally { off.disabled = false; }
    });
    await refresh();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpDevicePanel);
  else setUpDevicePanel();
})();
