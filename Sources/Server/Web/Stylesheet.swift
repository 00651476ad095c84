/// The dashboard's one stylesheet, served at `/static/app.css` (the Content-Security-Policy allows styles
/// from the dashboard's own origin only, so there are no inline styles). System fonts, calm colours,
/// visible focus rings, tables that turn into stacked cards on a phone.
enum Stylesheet {
    static let css = """
    :root {
      --ink: #1d2433; --ink-2: #4a5468; --ink-3: #6b7486; --line: #e3e7ee; --bg: #f4f6f9; --card: #ffffff;
      --accent: #0f6e6a; --accent-ink: #ffffff; --accent-soft: #e3f2f0;
      --urgent: #b42318; --urgent-bg: #fdecea; --warn: #8a5300; --warn-bg: #fdf3e1;
      --good: #1c6b3a; --good-bg: #e6f4ea; --info: #1f4f8f; --info-bg: #e8f0fb; --action: #5b3a99; --action-bg: #f0ebfa;
      --focus: #1d5fd6; --radius: 10px;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
    a { color: var(--accent); text-underline-offset: 2px; }
    a:hover { color: #0a4f4c; }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
    main:focus { outline: none; }
    .skip { position: absolute; left: -9999px; top: 0; background: var(--ink); color: #fff; padding: .6rem 1rem; z-index: 10; }
    .skip:focus { left: 1rem; top: 1rem; }
    .sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    code { font: .85em/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; background: #eef1f5; padding: .1em .35em; border-radius: 4px; word-break: break-all; }

    .top { background: var(--card); border-bottom: 1px solid var(--line); }
    .bar { max-width: 72rem; margin: 0 auto; padding: .85rem 1.25rem; display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
    .brand { display: flex; align-items: center; gap: .75rem; text-decoration: none; color: var(--ink); }
    .mark { display: inline-grid; place-items: center; width: 2.4rem; height: 2.4rem; border-radius: 9px; background: var(--accent); color: var(--accent-ink); font-weight: 700; letter-spacing: .02em; }
    .names { display: flex; flex-direction: column; line-height: 1.2; }
    .practice { font-weight: 650; font-size: 1.08rem; }
    .product { font-size: .8rem; color: var(--ink-3); letter-spacing: .04em; text-transform: uppercase; }
    .who { display: flex; align-items: center; gap: .75rem; color: var(--ink-2); font-size: .92rem; flex-wrap: wrap; }
    .role { display: inline-block; padding: .05rem .55rem; border-radius: 999px; background: var(--accent-soft); color: var(--accent); font-size: .8rem; font-weight: 600; }
    .signout { margin: 0; }
    nav[aria-label="Main"] { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
    nav[aria-label="Main"] ul { list-style: none; margin: 0; padding: 0; display: flex; gap: .25rem; overflow-x: auto; scrollbar-width: none; }
    nav[aria-label="Main"] a { display: block; padding: .7rem .9rem; color: var(--ink-2); text-decoration: none; border-bottom: 3px solid transparent; white-space: nowrap; font-weight: 500; }
    nav[aria-label="Main"] a:hover { color: var(--ink); }
    nav[aria-label="Main"] a[aria-current="page"] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 650; }

    main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 2.5rem; }
    .narrow { max-width: 27rem; margin: 2.5rem auto; }
    .foot { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem 2rem; color: var(--ink-3); font-size: .82rem; }
    h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; letter-spacing: -.01em; }
    h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
    .pagehead { margin-bottom: 1rem; }
    .pagehead p { margin: 0; }
    .muted { color: var(--ink-3); }
    .small { font-size: .88rem; }
    .crumb { margin: 0 0 .5rem; font-size: .92rem; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1.4rem; margin-bottom: 1.25rem; box-shadow: 0 1px 2px rgba(16,24,40,.04); }
    .card.flush { padding: 0; overflow: hidden; }
    .signin { padding: 1.75rem 1.75rem 1.5rem; }
    .signin h1 { margin-bottom: .35rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.25rem; }
    .grid > .card { margin-bottom: 0; }
    .grid + .card, .grid + .grid, .card + .grid { margin-top: 1.25rem; }
    .empty { padding: 1.5rem 1.4rem; margin: 0; color: var(--ink-3); }

    .stack { display: grid; gap: 1rem; margin-top: 1.25rem; }
    .field { display: grid; gap: .35rem; }
    label { font-weight: 600; font-size: .92rem; }
    input[type=email], input[type=password], input[type=text], input[type=date], select {
      font: inherit; width: 100%; padding: .65rem .8rem; border: 1px solid #c5ccd8; border-radius: 8px; background: #fff; color: var(--ink); }
    select { padding-right: 2rem; min-height: 2.95rem; }
    input:focus-visible, select:focus-visible { border-color: var(--focus); }
    input.code { font-size: 1.5rem; letter-spacing: .35em; text-align: center; font-variant-numeric: tabular-nums; }
    button { font: inherit; cursor: pointer; }
    .primary { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: .7rem 1.1rem; font-weight: 600; }
    .primary:hover { background: #0a5a57; }
    .quiet { background: none; border: 1px solid var(--line); border-radius: 8px; padding: .35rem .75rem; color: var(--ink-2); text-decoration: none; }
    .quiet:hover { background: #f0f2f6; }
    .alert { background: var(--warn-bg); color: #5a3700; border: 1px solid #f1d39b; border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
    .urgent-alert { background: var(--urgent-bg); color: var(--urgent); border-color: #f5b5ae; border-left: 5px solid var(--urgent); }

    .daynav { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; margin: 0 0 1rem; }
    .daynav a { text-decoration: none; font-weight: 500; }
    .inline { display: flex; gap: .5rem; align-items: center; margin: 0; }
    .inline input[type=date] { width: auto; padding: .35rem .6rem; }
    .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(12.5rem, 1fr)); gap: 1rem 1.25rem; align-items: end; }
    .filters .actions { display: flex; gap: .6rem; align-items: center; }
    .filters .actions .quiet { padding: .6rem 1rem; }

    .tabs { margin: 0 0 1rem; }
    .tabs ul { list-style: none; margin: 0; padding: .25rem; display: inline-flex; gap: .25rem; background: #e7ebf0; border-radius: 10px; }
    .tabs a { display: inline-flex; align-items: center; gap: .5rem; padding: .4rem .95rem; border-radius: 8px; color: var(--ink-2); text-decoration: none; font-weight: 500; }
    .tabs a:hover { color: var(--ink); background: rgba(255,255,255,.55); }
    .tabs a[aria-current="page"] { background: var(--card); color: var(--ink); font-weight: 650; box-shadow: 0 1px 2px rgba(16,24,40,.1); }
    .tabs .count { min-width: 1.6rem; padding: 0 .45rem; border-radius: 999px; background: #d9dfe7; color: var(--ink-2); font-size: .8rem; font-weight: 650; text-align: center; }
    .tabs a[aria-current="page"] .count { background: var(--accent-soft); color: var(--accent); }
    .handle { margin: 0; }
    .handle button { background: #fff; border: 1px solid var(--accent); color: var(--accent); border-radius: 8px; padding: .4rem .85rem; font-weight: 600; font-size: .9rem; white-space: nowrap; }
    .handle button:hover { background: var(--accent-soft); }
    .status .small { display: block; margin-top: .15rem; }
    .list tr.handled td { color: var(--ink-2); }

    table { width: 100%; border-collapse: collapse; }
    .list th { text-align: left; font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--ink-3); font-weight: 600; padding: .7rem 1rem; border-bottom: 1px solid var(--line); background: #fafbfc; }
    .list td { padding: .8rem 1rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
    .list tbody tr:last-child td { border-bottom: 0; }
    .list tbody tr:hover { background: #fafcfd; }
    .list tr.urgent td { background: var(--urgent-bg); }
    .list tr.urgent td:first-child { box-shadow: inset 5px 0 0 var(--urgent); }
    .list tr.urgent td:first-child a { color: var(--urgent); font-weight: 700; }
    .list tr.cancelled td { color: var(--ink-3); text-decoration: line-through; }
    .list tr.cancelled td:last-child { text-decoration: none; }
    .list tr.flag td { background: var(--warn-bg); }
    .list td.go { text-align: right; }
    .list td.go a { font-weight: 600; text-decoration: none; }
    .audit td { font-size: .9rem; }
    .plain { list-style: none; padding: 0; margin: 0; }
    .plain li { padding: .35rem 0; }
    table.plain th { text-align: left; font-weight: 500; padding: .3rem 1rem .3rem 0; color: var(--ink-2); }
    table.plain td { padding: .3rem 0; }

    .badge { display: inline-block; padding: .12rem .6rem; border-radius: 999px; font-size: .82rem; font-weight: 600; line-height: 1.5; white-space: nowrap; border: 1px solid transparent; margin: .1rem 0; }
    .badge.urgent { background: var(--urgent); color: #fff; font-weight: 800; text-transform: uppercase; letter-spacing: .03em; }
    .badge.good { background: var(--good-bg); color: var(--good); }
    .badge.info { background: var(--info-bg); color: var(--info); }
    .badge.action { background: var(--action-bg); color: var(--action); }
    .badge.warn { background: var(--warn-bg); color: var(--warn); }
    .badge.muted { background: #eef1f5; color: var(--ink-2); }
    .badges { margin-bottom: .75rem; }
    .summary { white-space: pre-line; background: #fafbfc; border: 1px solid var(--line); border-radius: 8px; padding: .85rem 1rem; }
    .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem 1.25rem; margin: 1rem 0 0; }
    .facts dt { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--ink-3); }
    .facts dd { margin: .1rem 0 0; }
    .faq div { padding: .6rem 0; border-bottom: 1px solid var(--line); }
    .faq div:last-child { border-bottom: 0; }
    .faq dt { font-weight: 600; text-transform: capitalize; }
    .faq dd { margin: .2rem 0 0; color: var(--ink-2); }
    .transcript { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
    .transcript li { padding: .6rem .85rem; border-radius: 10px; max-width: 92%; }
    .transcript li p { margin: .15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .transcript .caller { background: #eef1f5; }
    .transcript .agent { background: var(--accent-soft); justify-self: end; }
    .transcript .who { font-size: .78rem; font-weight: 650; color: var(--ink-2); }
    .transcript time { font-weight: 400; color: var(--ink-3); margin-left: .35rem; }

    @media (max-width: 40rem) {
      body { font-size: 15.5px; }
      .bar { padding: .7rem 1rem; }
      main { padding: 1rem .85rem 2rem; }
      .who .email, .who .role { display: none; }
      .bar { flex-wrap: nowrap; }
      .brand { min-width: 0; }
      .names { min-width: 0; }
      .practice { font-size: 1rem; }
      nav[aria-label="Main"] { padding: 0 .5rem; }
      nav[aria-label="Main"] ul { flex-wrap: wrap; overflow: visible; gap: 0; }
      nav[aria-label="Main"] a { padding: .55rem .6rem; }
      h1 { font-size: 1.35rem; }
      .card { padding: 1rem; }
      .list thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      .list, .list tbody, .list tr, .list td { display: block; width: 100%; }
      .list tr { padding: .65rem 1rem; border-bottom: 1px solid var(--line); }
      .list td { border: 0; padding: .2rem 0; display: flex; gap: .75rem; justify-content: space-between; align-items: baseline; }
      .list td[data-label]::before { content: attr(data-label); font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--ink-3); flex: none; }
      .list td.go { justify-content: flex-end; }
      .list tr.urgent { box-shadow: inset 5px 0 0 var(--urgent); background: var(--urgent-bg); }
      .list tr.urgent td:first-child { box-shadow: none; }
      .list td.status { flex-wrap: wrap; }
      .status .small { margin: 0; }
      .list.audit tr { display: grid; grid-template-columns: 1fr 1fr; gap: .35rem 1rem; }
      .list.audit td { display: block; padding: 0; }
      .list.audit td[data-label]::before { display: block; }
      .list.audit td[data-label="Record"] { grid-column: 1 / -1; order: 1; }
      .list.audit td[data-label="From"] { order: 2; }
      .daynav { gap: .5rem; }
      .daynav .inline { order: -1; flex: 1 1 100%; }
      .daynav .inline input[type=date] { flex: 1; }
      .daynav > a { flex: 1; text-align: center; }
      .tabs ul { display: flex; }
      .tabs li { flex: 1; }
      .tabs a { display: flex; justify-content: center; padding: .45rem .5rem; }
      .filters .actions { grid-column: 1 / -1; }
      .filters .actions .primary { flex: 1; }
      .transcript li { max-width: 100%; }
    }
    @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
    """
}
