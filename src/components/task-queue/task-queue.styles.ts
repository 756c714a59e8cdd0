import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  :host([hidden]), [hidden] { display: none !important; }
  .layout {
    --_side-min: 200px;
    --_side-max: 260px;
  }
  .side {
    min-inline-size: 0;
  }
  .main { min-inline-size: 0; display: flex; flex-direction: column; }
  .states { display: flex; gap: 2px; }
  .states button { flex: 1; }
  .states button[aria-pressed='true'] { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  .state-text { margin: 0; font-size: 0.85em; }
  .timeout {
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_warning);
    background: var(--_warning-bg);
    color: var(--_warning);
    border-radius: var(--_radius);
  }
  h2 { font-size: 1em; margin: 0; display: flex; align-items: center; gap: calc(var(--_space) / 2); }
  .count { border: 1px solid var(--_border); font-weight: 400; }
  .group { display: flex; flex-direction: column; gap: calc(var(--_space) / 2); }
  .small { font-size: 0.85em; overflow-wrap: anywhere; }
  .countdown { font-weight: 600; color: var(--_accent); font-variant-numeric: tabular-nums; }
  .countdown.urgent { color: var(--_danger); }
  .empty { margin: 0; font-size: 0.9em; }
  .placeholder { padding: var(--_space); margin: 0; }
  .preview { padding: var(--_space); display: flex; flex-direction: column; gap: var(--_space); min-inline-size: 0; }
  .preview-header { display: flex; align-items: center; gap: var(--_space); flex-wrap: wrap; }
  .preview-header h2 { font-size: 1.2em; overflow-wrap: anywhere; }
  .badge { border: 1px solid var(--_border); border-radius: 999px; padding-inline: var(--_space); font-size: 0.85em; }
  .accept-bar {
    display: flex;
    align-items: center;
    gap: var(--_space);
    flex-wrap: wrap;
    padding: var(--_space);
    background: var(--_bg-alt);
    border-radius: var(--_radius);
  }
  .accept-bar button[aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr)); gap: var(--_space); }
  .card { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space); min-inline-size: 0; }
  .card h3 { margin: 0 0 calc(var(--_space) / 2); font-size: 0.95em; }
  .card p { margin: 0; }
  dl { margin: 0; display: grid; grid-template-columns: minmax(0, max-content) minmax(8em, 1fr); gap: 2px var(--_space); }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: break-word; white-space: pre-wrap; min-inline-size: 0; }
  .addresses { list-style: none; margin: 0; padding: 0; min-inline-size: 0; white-space: normal; }
  /* One a line, cut with an ellipsis when too long; whole on hover and focus (wrapping at @ and dots, anywhere only if a part is still too long). */
  .address {
    display: block;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    text-align: start;
    border-radius: 2px;
  }
  .address:hover, .address:focus {
    white-space: normal;
    overflow-wrap: anywhere;
  }
  /* Chromium breaks at <wbr> even under nowrap: the break points exist only while the address shows whole. */
  .address:not(:hover, :focus) wbr { display: none; }
`;
