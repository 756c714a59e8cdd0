import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [hidden] { display: none !important; }
  .layout {
    display: grid;
    grid-template-columns: minmax(180px, 240px) 1fr;
    min-block-size: 360px;
  }
  @container (max-width: 640px) {
    .layout { grid-template-columns: 1fr; }
  }
  .pane {
    background: var(--_bg-alt);
    border-inline-end: 1px solid var(--_border);
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .pane[slot] { background: none; border-inline-end: none; padding: 0; border-block-start: 1px solid var(--_border); padding-block-start: var(--_space); }
  .sync { display: flex; align-items: center; gap: 6px; margin: 0; font-size: 0.85em; color: var(--_muted); }
  .sync .dot { inline-size: 8px; block-size: 8px; border-radius: 50%; background: var(--cc-color-success, #2e7d32); }
  .sync[data-state='offline'] { color: var(--_warning); font-weight: 600; }
  .sync[data-state='offline'] .dot { background: var(--_warning); }
  .sync[data-state='delivering'] .dot { background: var(--_accent); }
  /* Long words (Búsqueda, Pesquisar) wrap the row instead of running into the work area. */
  .tabs { display: flex; flex-wrap: wrap; gap: 2px; }
  .tabs [role='tab'] { flex: 1 1 auto; white-space: nowrap; padding-inline: calc(var(--_space) / 2); border-radius: var(--_radius) var(--_radius) 0 0; }
  .tabs [role='tab'][aria-selected='true'] { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  .count { color: var(--_fg); }
  .small { font-size: 0.85em; }
  .unsaved { color: var(--_accent); }
  .new { color: var(--_accent); font-weight: 600; }
  .empty { margin: 0; }
  .search { display: flex; flex-direction: column; gap: 4px; }
  .workspace { padding: var(--_space); display: flex; flex-direction: column; gap: calc(var(--_space) * 1.5); min-inline-size: 0; }
  .empty-workspace { justify-content: center; align-items: center; }
  /* The nodes the pane and the work area are rendered into (they move when the mode changes): no box of their own. */
  .region { display: contents; }
  .header { display: flex; align-items: center; gap: var(--_space); flex-wrap: wrap; }
  .customer-name {
    font-size: 1.2em;
    font-weight: 700;
    border: none;
    background: none;
    padding-inline: 0;
    text-decoration: underline;
    text-underline-offset: 3px;
    overflow-wrap: anywhere;
    text-align: start;
  }
  .customer-name:disabled { text-decoration: none; opacity: 1; cursor: default; }
  .badge { border: 1px solid var(--_border); border-radius: 999px; padding-inline: var(--_space); font-size: 0.85em; }
  .spacer { flex: 1; }
  .info, .notice { margin: 0; padding: var(--_space); border-radius: var(--_radius); background: var(--_bg-alt); }
  .notice { border-inline-start: 4px solid var(--_danger); }
  .caution {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_warning);
    background: var(--_warning-bg);
    color: var(--_warning);
    border-radius: var(--_radius);
  }
  .caution span { flex: 1; }
  .choices { border: 1px solid var(--_warning); border-radius: var(--_radius); padding: var(--_space); }
  .choices p { margin-block: 0 var(--_space); }
  .choice { margin-block-end: var(--_space); }
  .sides { display: grid; grid-template-columns: 1fr 1fr; gap: var(--_space); }
  .side { display: flex; flex-direction: column; gap: 4px; padding: var(--_space); background: var(--_bg-alt); border-radius: var(--_radius); }
  .value { white-space: pre-wrap; overflow-wrap: anywhere; }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    max-inline-size: min(28rem, calc(100% - 2 * var(--_space)));
    color: var(--_fg);
    background: var(--_bg);
  }
  dialog h2 { margin-block: 0 var(--_space); font-size: 1.1em; }
  .actions { display: flex; gap: var(--_space); justify-content: flex-end; flex-wrap: wrap; }
`;
