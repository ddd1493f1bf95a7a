// HTML building blocks for the simulated web app: escaping, the page frame, the login page.
export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Client-side navigation for the approval views: fetch the next period's fragment, swap it in,
 *  push the URL. Content scripts must therefore survive SPA navigation and re-rendering. */
const NAV_SCRIPT = `(function () {
  function load(url, push) {
    var frag = new URL(url, location.href);
    frag.searchParams.set('fragment', '1');
    fetch(frag.toString(), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (x) {
        var tpl = document.createElement('template');
        tpl.innerHTML = x.text;
        var next = tpl.content.querySelector('#approval-view');
        var cur = document.getElementById('approval-view');
        if (!x.ok || !next || !cur) { location.href = url; return; }
        cur.replaceWith(next);
        if (push) history.pushState({ busySim: true }, '', url);
        document.dispatchEvent(new CustomEvent('busy:navigated', { detail: { url: url } }));
      })
      .catch(function () { location.href = url; });
  }
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[data-nav]') : null;
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    load(a.href, true);
  });
  document.addEventListener('change', function (e) {
    if (!e.target || e.target.id !== 'select-all') return;
    document.querySelectorAll('#approval-view .hour-entry-select:not(:disabled)').forEach(function (c) { c.checked = e.target.checked; });
  });
  window.addEventListener('popstate', function () { load(location.href, false); });
})();`;

export function page(opts: { title: string; pageId: string; body: string; user?: { id: string; name: string }; script?: boolean }): string {
  const nav = opts.user
    ? `<nav id="app-nav"><a href="/approval">Godkjenning</a> <a href="/projects">Prosjekter</a>
  <span id="current-user" data-user-id="${esc(opts.user.id)}">${esc(opts.user.name)}</span> <a id="logout" href="/logout">Logg ut</a></nav>`
    : '';
  return `<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><title>${esc(opts.title)} – Busy</title></head>
<body data-page="${esc(opts.pageId)}">
${nav}
<main id="app-main">
${opts.body}
</main>
${opts.script ? `<script>${NAV_SCRIPT}</script>` : ''}
</body>
</html>`;
}

/** The login page. Also what any page answers (status 200) when the session is missing or expired. */
export function loginPage(next: string, error?: string): string {
  return page({
    title: 'Logg inn',
    pageId: 'login',
    body: `<h1>Logg inn i Busy</h1>
<form id="login-form" method="post" action="/login">
  ${error ? `<p id="login-error" role="alert">${esc(error)}</p>` : ''}
  <input type="hidden" name="next" value="${esc(next)}">
  <label for="email">E-post</label> <input id="email" name="email" type="email" autocomplete="username">
  <label for="password">Passord</label> <input id="password" name="password" type="password" autocomplete="current-password">
  <button id="login" type="submit">Logg inn</button>
</form>`,
  });
}
