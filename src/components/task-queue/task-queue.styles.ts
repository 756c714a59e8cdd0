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
  .unsaved { font-weight: 600; }
  .empty { margin: 0; font-size: 0.9em; }
  .placeholder { padding: var(--_space); margin: 0; }
  .preview { padding: var(--_space); display: flex; flex-direction: column; gap: var(--_space); min-inline-size: 0; }
  .preview-header { display: flex; align-items: center; gap: var(--_space); flex-wrap: wrap; }
  .spacer { flex: 1; }
  .goes-into { margin: 0; padding: calc(var(--_space) / 2) var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); display: flex; flex-wrap: wrap; gap: calc(var(--_space) / 2) var(--_space); }
  p.goes-into { border: none; padding: 0; }
  .goes-into legend { padding-inline: calc(var(--_space) / 2); font-weight: 600; }
  fieldset.goes-into { flex-direction: column; }
  .goes-into label { display: flex; align-items: center; gap: calc(var(--_space) / 2); min-inline-size: 0; overflow-wrap: anywhere; }
  .goes-into input[type='radio'] { flex: none; inline-size: 24px; block-size: 24px; margin: 0; align-self: center; }

  /*
   * The preview is a panel beside the agent's live work, never in its place:
   * wide, a third column; mid-width, above the work (scrolling inside, so the
   * work's header stays near); narrow (one column), right under the Queue,
   * where the agent just selected the task, so Accept and the countdown are in
   * view without scrolling.
   */
  .layout.previewing {
    grid-template-columns: minmax(var(--_side-min), var(--_side-max)) minmax(0, 1fr) minmax(300px, 38%);
  }
  .layout.previewing > .preview {
    grid-column: 3;
    grid-row: 1;
    border-inline-start: 1px solid var(--_border);
    background: var(--_bg);
  }
  @container (max-width: 960px) {
    .layout.previewing {
      grid-template-columns: minmax(var(--_side-min), var(--_side-max)) minmax(0, 1fr);
      grid-template-rows: auto 1fr;
    }
    .layout.previewing > .side { grid-row: 1 / span 2; }
    .layout.previewing > .preview {
      grid-column: 2;
      border-inline-start: none;
      border-block-end: 2px solid var(--_border);
      max-block-size: 70vh;
      overflow-y: auto;
    }
    .layout.previewing > .main { grid-column: 2; grid-row: 2; }
  }
  @container (max-width: 640px) {
    .layout.previewing { display: flex; flex-direction: column; }
    .layout.previewing > .side { display: contents; }
    .layout.previewing > .side > * { margin-inline: var(--_space); }
    .layout.previewing > .side > * { order: 0; }
    .layout.previewing > .side > .group { order: 1; }
    .layout.previewing > .preview { order: 2; }
    .layout.previewing > .side > [part='in-progress'],
    .layout.previewing > .side > slot { order: 3; }
    .layout.previewing slot[name='pane']::slotted(*) { order: 3; }
    .layout.previewing > .main { order: 4; }
  }
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
