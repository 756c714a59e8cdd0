import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    justify-content: flex-end;
    padding-block: calc(var(--_space) / 2);
    padding-inline: var(--_space);
    border-block-start: 1px solid var(--_border);
  }
  :host([hidden]) { display: none; }
  .open { font-size: 0.9em; }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    max-inline-size: min(32rem, calc(100% - 2 * var(--_space)));
    max-block-size: calc(100% - 4 * var(--_space));
    overflow: auto;
    color: var(--_fg);
    background: var(--_bg);
  }
  dialog h2 { margin-block: 0 var(--_space); font-size: 1.1em; }
  table { border-collapse: collapse; inline-size: 100%; }
  th, td { text-align: start; padding-block: calc(var(--_space) / 2); padding-inline: 0 calc(var(--_space) * 2); vertical-align: top; }
  thead th { color: var(--_muted); font-weight: normal; font-size: 0.9em; }
  tbody th { font-weight: normal; }
  tbody tr + tr > * { border-block-start: 1px solid var(--_border); }
  .keys { white-space: nowrap; }
  kbd {
    display: inline-block;
    min-inline-size: 1.6em;
    text-align: center;
    font: inherit;
    font-size: 0.9em;
    padding-block: 0 1px;
    padding-inline: 0.35em;
    margin-inline-end: 0.2em;
    border: 1px solid var(--_border);
    border-block-end-width: 2px;
    border-radius: var(--_radius);
    background: var(--_bg-alt);
  }
  .note { color: var(--_muted); font-size: 0.9em; margin-block: var(--_space); }
  .actions { display: flex; justify-content: flex-end; }
`;
