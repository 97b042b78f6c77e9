/**
 * The one stylesheet, served from /static/style.<hash>.css. Kept as a module so the build ships it
 * without a copy step. No inline styles anywhere: the page CSP allows styles from 'self' only.
 */
const TAB_RULES = Array.from({ length: 8 }, (_, i) =>
  `.tabs > input.tab-${i}:checked ~ .tabpanel.tab-${i} { display: block; }\n` +
  `.tabs > input.tab-${i}:checked ~ .tablist label.tab-${i} { color: var(--text); border-color: var(--border); background: var(--surface); margin-bottom: -1px; }\n` +
  `.tabs > input.tab-${i}:focus-visible ~ .tablist label.tab-${i} { outline: 3px solid var(--focus); outline-offset: 2px; }\n`,
).join('');

export const STYLESHEET = String.raw`
:root {
  --bg: #f6f7fb; --surface: #ffffff; --text: #1b2030; --muted: #5a6275; --border: #dde1ea;
  --accent: #2f5bd3; --accent-ink: #ffffff; --focus: #f2a100;
  --good: #137a3f; --ok: #6a7d0f; --warn: #a35a00; --bad: #b3261e;
  --critical: #8e1b13; --high: #b3261e; --medium: #a35a00; --low: #4b5d86; --info: #5a6275;
  --radius: 10px; --shadow: 0 1px 2px rgba(20,30,60,.06), 0 4px 16px rgba(20,30,60,.06);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #10131a; --surface: #181c26; --text: #e7eaf2; --muted: #a3abbd; --border: #2b3142;
    --accent: #8aa8ff; --accent-ink: #0d1224; --good: #5fd08b; --ok: #c3d45a; --warn: #f0a94a; --bad: #ff7b72;
    --critical: #ff8f86; --high: #ff7b72; --medium: #f0a94a; --low: #9fb2e8; --info: #a3abbd;
    --shadow: none; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.55;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding-block: .75rem; }
.brand { font-weight: 750; font-size: 1.2rem; color: var(--text); text-decoration: none; letter-spacing: -.01em; display: flex; align-items: center; gap: .45rem; }
.brand-mark { display: inline-grid; place-items: center; width: 1.7rem; height: 1.7rem; border-radius: 7px; background: var(--accent); color: var(--accent-ink); font-size: .95rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
nav a { color: var(--muted); text-decoration: none; font-weight: 500; }
nav a:hover, nav a[aria-current="page"] { color: var(--text); text-decoration: underline; }
.wrap { max-width: 70rem; margin: 0 auto; padding-inline: 1rem; }
main.wrap { padding-block: 1.5rem 3rem; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: .9rem; padding-block: 1.5rem; }
h1 { font-size: clamp(1.6rem, 4vw, 2.3rem); line-height: 1.2; letter-spacing: -.02em; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; letter-spacing: -.01em; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
p, li { max-width: 72ch; }
/* A long URL or token in running text wraps instead of pushing the page sideways on a phone. */
main p, main li, main dd { overflow-wrap: break-word; }
code { font-family: var(--mono); font-size: .9em; background: color-mix(in srgb, var(--border) 45%, transparent); padding: .05em .3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { font-family: var(--mono); font-size: .88rem; background: #0f1422; color: #e6e9f2; padding: .9rem 1rem; border-radius: 8px; overflow-x: auto; white-space: pre; margin: .5rem 0; }
pre code { background: none; padding: 0; color: inherit; }
pre.evidence { white-space: pre-wrap; overflow-wrap: anywhere; background: color-mix(in srgb, var(--border) 35%, var(--surface)); color: var(--text); }
.card > h2:first-child { margin-top: 0; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1.25rem; }
.muted { color: var(--muted); }
.small { font-size: .9rem; }
.hero { padding: 1.5rem 0 .5rem; }
.hero p.lead { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
form.scan-form { display: grid; gap: .75rem; max-width: 44rem; }
.field-row { display: flex; gap: .5rem; flex-wrap: wrap; }
.field-row input[type="text"], .field-row input[type="url"] { flex: 1 1 18rem; }
label { font-weight: 600; }
input[type="text"], input[type="url"], select, textarea { font: inherit; padding: .7rem .85rem; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); color: var(--text); min-width: 0; }
input[type="text"]:focus, input[type="url"]:focus, textarea:focus { border-color: var(--accent); }
details.signed-in { display: grid; gap: .4rem; margin: 0; }
details.signed-in[open] > summary { margin-bottom: .25rem; }
details.signed-in textarea { font-family: var(--mono); resize: vertical; width: 100%; box-sizing: border-box; }
details.signed-in input[type="text"] { width: 100%; box-sizing: border-box; }
.check { display: flex; gap: .5rem; align-items: flex-start; font-weight: 500; }
.check input { width: 1.15rem; height: 1.15rem; margin-top: .2rem; accent-color: var(--accent); }
button, .button { font: inherit; font-weight: 600; padding: .7rem 1.2rem; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; display: inline-flex; align-items: center; gap: .4rem; }
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.small, .button.small { padding: .3rem .65rem; font-size: .85rem; }
button:hover, .button:hover { filter: brightness(1.08); }
.error-box { border: 1px solid var(--bad); color: var(--bad); background: color-mix(in srgb, var(--bad) 8%, var(--surface)); padding: .75rem 1rem; border-radius: 8px; }
.notice { border-left: 4px solid var(--accent); background: var(--surface); padding: .75rem 1rem; border-radius: 0 8px 8px 0; }
table { width: 100%; border-collapse: collapse; background: var(--surface); }
th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.table-scroll { overflow-x: auto; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); }
/* Form fields never wider than their container (size="50" is a hint for wide screens). */
form input[type="url"], form input[type="email"], form input[type="text"] { max-width: 100%; box-sizing: border-box; }
input[type="email"] { font: inherit; padding: .7rem .85rem; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); color: var(--text); min-width: 0; }
.grade { display: inline-grid; place-items: center; min-width: 2.2rem; padding: .1rem .45rem; border-radius: 6px; font-weight: 750; color: #fff; background: var(--muted); }
.grade-A\+, .grade-A { background: var(--good); } .grade-B { background: var(--ok); } .grade-C { background: var(--warn); }
.grade-D, .grade-F { background: var(--bad); }
.grade-partial { background: var(--muted); }
.summary { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: 1.5rem; align-items: center; }
@media (max-width: 40rem) { .summary { grid-template-columns: 1fr; justify-items: center; text-align: center; } }
.tool-count { font-size: 1.2rem; text-align: center; } .tool-count strong { display: block; font-size: 3.5rem; line-height: 1; }
.score-ring { width: 100%; max-width: 12rem; height: auto; }
.score-ring .track { stroke: var(--border); }
.score-ring .value { stroke: var(--accent); transition: stroke-dashoffset .6s; }
.score-ring.tone-good .value { stroke: var(--good); } .score-ring.tone-ok .value { stroke: var(--ok); }
.score-ring.tone-warn .value { stroke: var(--warn); } .score-ring.tone-bad .value { stroke: var(--bad); }
.score-ring text { fill: var(--text); font-weight: 750; }
.score-ring .grade-text { fill: var(--muted); font-weight: 650; }
.target { font-family: var(--mono); overflow-wrap: anywhere; }
h1 .target { font-size: .72em; font-weight: 650; letter-spacing: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; align-items: center; }
.actions form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.bars { display: grid; gap: .6rem; margin: 0; padding: 0; list-style: none; }
.bar { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr 6.5rem; gap: .25rem .75rem; align-items: center; max-width: none; }
.bar > .note { grid-column: 2 / -1; grid-row: 2; }
.bar > span:first-child { grid-column: 1; grid-row: 1; }
.bar > svg, .bar > .reason { grid-column: 2; grid-row: 1; }
.bar > .value { grid-column: 3; grid-row: 1; }
@media (max-width: 40rem) {
  .bar { grid-template-columns: 1fr 6.5rem; }
  .bar > .note { grid-column: 1 / -1; grid-row: 3; }
  .bar > .value { grid-column: 2; }
  .bar > svg, .bar > .reason { grid-column: 1 / -1; grid-row: 2; }
}
.bar svg { width: 100%; height: .8rem; }
.bar .track { fill: var(--border); } .bar .fill { fill: var(--accent); }
.bar .fill.tone-good { fill: var(--good); } .bar .fill.tone-ok { fill: var(--ok); } .bar .fill.tone-warn { fill: var(--warn); } .bar .fill.tone-bad { fill: var(--bad); }
.bar .value { text-align: right; font-variant-numeric: tabular-nums; font-weight: 650; }
.findings { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
.finding, .finding details, .tabs, .tabpanel, .snippet, main.wrap > * { min-width: 0; }
.finding { background: var(--surface); border: 1px solid var(--border); border-left: 5px solid var(--info); border-radius: var(--radius); padding: 1rem 1.25rem; box-shadow: var(--shadow); }
.finding.sev-critical { border-left-color: var(--critical); } .finding.sev-high { border-left-color: var(--high); }
.finding.sev-medium { border-left-color: var(--medium); } .finding.sev-low { border-left-color: var(--low); }
.finding header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; }
.finding h3 { margin: 0; font-size: 1.08rem; overflow-wrap: anywhere; }
.pill { display: inline-block; font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; padding: .1rem .5rem; border-radius: 999px; border: 1px solid currentColor; }
.sev-critical .pill.sev, .pill.sev-critical { color: var(--critical); } .pill.sev-high { color: var(--high); } .pill.sev-medium { color: var(--medium); }
.pill.sev-low { color: var(--low); } .pill.sev-info { color: var(--info); }
.points, .fix-first-points { font-weight: 750; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meta { display: flex; flex-wrap: wrap; gap: .4rem .9rem; color: var(--muted); font-size: .9rem; margin: .35rem 0 .5rem; }
.meta .location { font-family: var(--mono); overflow-wrap: anywhere; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; color: var(--accent); }
ol.steps { padding-left: 0; list-style: none; counter-reset: step; display: grid; gap: .4rem; }
ol.steps li { counter-increment: step; display: grid; grid-template-columns: 1.8rem minmax(0, 1fr) auto; gap: .5rem; align-items: start; max-width: none; }
ol.steps li::before { content: counter(step); display: inline-grid; place-items: center; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: color-mix(in srgb, var(--accent) 15%, var(--surface)); color: var(--accent); font-weight: 700; font-size: .85rem; }
.copy[hidden] { display: none; }
.tabs { margin-top: .75rem; }
.tabs > input { position: absolute; opacity: 0; pointer-events: none; }
.tablist { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 1px solid var(--border); }
.tablist label { padding: .4rem .8rem; border: 1px solid transparent; border-bottom: none; border-radius: 8px 8px 0 0; cursor: pointer; font-weight: 600; color: var(--muted); }
.tabpanel { display: none; padding-top: .5rem; }
.tabs > input:focus-visible + .tablist-spacer { outline: none; }
/* The Copy button sits above its code block, at the right: inside it, it covered the end of long lines. */
.snippet { display: flex; flex-direction: column; align-items: flex-end; }
.snippet pre { align-self: stretch; margin-top: .25rem; }
.snippet .copy { order: -1; }
.progress-list { list-style: none; padding: 0; display: grid; gap: .4rem; }
.progress-list li { display: grid; grid-template-columns: 1.4rem minmax(0, 1fr); gap: 0 .6rem; align-items: center; }
.progress-list li .detail { grid-column: 2; }
.progress-list li .detail:empty { display: none; }
.state { display: inline-grid; place-items: center; width: 1.4rem; height: 1.4rem; border-radius: 50%; font-size: .8rem; font-weight: 800; border: 2px solid var(--border); }
.state-done { background: var(--good); border-color: var(--good); color: #fff; }
.state-unavailable { background: var(--warn); border-color: var(--warn); color: #fff; }
.state-skipped { border-color: var(--border); color: var(--muted); }
.state-start { border-color: var(--accent); border-top-color: transparent; animation: spin 1s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .state-start { animation: none; } .score-ring .value { transition: none; } }
.chart { width: 100%; height: auto; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.chart .grid { stroke: var(--border); stroke-width: 1; }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .dot { fill: var(--accent); }
.chart text { fill: var(--muted); font-size: 11px; }
.compare-cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.compare-cols ul { padding-left: 1.1rem; }
.tag-fixed { color: var(--good); } .tag-new { color: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; list-style: none; padding: 0; }
.cards li { max-width: none; }
.cards a.card { display: block; height: 100%; text-decoration: none; color: var(--text); }
.cards a.card:hover { border-color: var(--accent); }
.cards a.card strong { color: var(--accent); display: block; margin-bottom: .25rem; }
.prose { max-width: 48rem; }
.prose h2 { margin-top: 2rem; }
.badge-preview { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.share { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.share input { flex: 1 1 18rem; font-family: var(--mono); font-size: .85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.api-op { border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); padding: 1rem; margin-bottom: 1rem; }
.method { font-family: var(--mono); font-weight: 800; margin-right: .5rem; }
/* Mobile menu: a checkbox toggle that works without JavaScript; wide screens show the nav inline. */
.menu-toggle { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.menu-toggle, .menu-button { display: none; }
@media (max-width: 48rem) {
  .site-header .wrap { justify-content: space-between; }
  .menu-toggle { display: block; }
  .menu-button { display: inline-flex; align-items: center; gap: .35rem; padding: .35rem .75rem; border: 1px solid var(--border); border-radius: 8px; cursor: pointer; font-weight: 600; }
  .menu-toggle:focus-visible + .menu-button { outline: 3px solid var(--focus); outline-offset: 2px; }
  .site-header nav { display: none; flex-basis: 100%; }
  .menu-toggle:checked ~ nav { display: block; }
  .site-header nav ul { flex-direction: column; gap: 0; }
  .site-header nav a { display: block; padding: .5rem 0; border-top: 1px solid var(--border); }
}
/* The result page: arithmetic, totals, tool verdicts, the findings table. */
.summary-text { min-width: 0; width: 100%; }
.arithmetic { font-size: 1.15rem; font-weight: 650; margin: 0 0 .5rem; font-variant-numeric: tabular-nums; }
.total { display: flex; justify-content: space-between; border-top: 2px solid var(--border); margin: .75rem 0 0; padding-top: .5rem; max-width: none; font-variant-numeric: tabular-nums; }
.verdict { display: grid; gap: .5rem; justify-items: center; text-align: center; margin: 0; }
.verdict strong { display: block; font-size: 2.6rem; line-height: 1.1; font-variant-numeric: tabular-nums; }
.verdict-row { display: grid; }
.findings-table td, .findings-table th { padding: .45rem .6rem; }
.findings-table .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.findings-table code, .findings-table td:nth-child(4) { white-space: nowrap; }
.table-title { display: block; }
@media (max-width: 40rem) {
  .findings-table th:nth-child(4), .findings-table td:nth-child(4) { display: none; }
  .findings-table code { white-space: normal; }
}
.expand-row { margin: .75rem 0; }
.fix-first-list { margin: 0; padding-left: 2.5rem; }
.fix-first-list li { margin: .4rem 0; overflow-wrap: anywhere; }
.fix-first-list li + li { border-top: 1px solid var(--border); padding-top: .4rem; }
.fix-first-step { display: block; }
.suggested { border: 1px solid var(--border); border-radius: 8px; padding: .25rem .9rem .5rem; margin: .5rem 0 1rem; background: color-mix(in srgb, var(--accent) 5%, var(--surface)); }
.suggested pre { white-space: pre-wrap; overflow-wrap: anywhere; }
p.cause { border-left: 3px solid var(--accent); padding: .25rem .75rem; margin: .5rem 0 .75rem; background: color-mix(in srgb, var(--accent) 5%, var(--surface)); }
section.cause-fix { border-top: 1px solid var(--border); padding-top: .5rem; margin-top: 1rem; }
.reused { margin-bottom: 1rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.share { width: 100%; }
.share input { flex: 1 1 12rem; width: 100%; min-width: 0; }
.badge-preview .snippet { flex: 1 1 20rem; min-width: 0; }
.progress-meta { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; font-variant-numeric: tabular-nums; }
.progress-list .detail { color: var(--muted); font-size: .9rem; font-variant-numeric: tabular-nums; }
` + TAB_RULES;
