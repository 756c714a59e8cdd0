import { css } from 'lit';

export const styles = css`
  /* No box of its own: the pane takes the place the layout gives this element (a grid column, or the task queue's side). */
  :host { display: contents; }
  [hidden] { display: none !important; }

  /* Slotted below the task queue's lists (care mode). */
  :host([slot]) .pane { background: none; border-inline-end: none; padding: 0; border-block-start: 1px solid var(--_border); padding-block-start: var(--_space); }
  .sync { display: flex; align-items: center; gap: 6px; margin: 0; font-size: 0.85em; color: var(--_muted); }
  .sync .dot { inline-size: 8px; block-size: 8px; border-radius: 50%; background: var(--cc-color-success, #2e7d32); }
  .sync[data-state='offline'] { color: var(--_warning); font-weight: 600; }
  .sync[data-state='offline'] .dot { background: var(--_warning); }
  .sync[data-state='signed-out'] { color: var(--_danger); font-weight: 600; }
  .sync[data-state='signed-out'] .dot { background: var(--_danger); }
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
  .request-title { overflow-wrap: anywhere; }
  /* Issue #18: in a narrow column (the pane above the work area) the Open list scrolls, so the work area starts near the top. */
  @container (max-width: 640px) {
    .open-list { max-block-size: var(--cc-open-list-max-height, 9.5em); overflow-y: auto; overscroll-behavior: contain; }
  }
`;
