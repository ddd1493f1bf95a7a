// The login web page on the api host: stands in for the user being logged in to 24SO in a tab.
// On success it sets the same host-only ASP.NET_SessionId cookie that Login sets.
// Markup other code relies on: inputs #username, #password, button #login, #status, #error.
import { escapeXml } from './soap-envelope.js';

export function loginPage(opts: { applicationId: string; error?: string; loggedInAs?: string }): string {
  const status = opts.loggedInAs ? `<p id="status">Logged in as ${escapeXml(opts.loggedInAs)}</p>` : '<p id="status">Not logged in</p>';
  const error = opts.error ? `<p id="error" role="alert">${escapeXml(opts.error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>24SevenOffice (simulator) – Log in</title></head>
<body>
<h1>24SevenOffice</h1>
${status}
${error}
<form method="post" action="/login">
<input type="hidden" name="applicationId" value="${escapeXml(opts.applicationId)}">
<label for="username">Username</label> <input id="username" name="username" type="text" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
<button id="login" type="submit">Log in</button>
</form>
</body></html>`;
}
