import { css } from 'lit';

export const styles = css`
  /* No box of its own: the work area takes the place the layout gives this element (a grid column, or the task queue's main area). */
  :host { display: contents; }
  [hidden] { display: none !important; }
  .workspace { padding: var(--_space); display: flex; flex-direction: column; gap: calc(var(--_space) * 1.5); min-inline-size: 0; }
  .empty-workspace { justify-content: center; align-items: center; }
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
  .small { font-size: 0.85em; }
  .presence-warning { color: var(--_warning); }
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
  /* Unsaved input is said in words; the colour and border only support the text. */
  .unsaved-count, .unsaved-mark {
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding-inline: calc(var(--_space) / 2);
  }
  .activity { display: flex; flex-direction: column; }
  /* On the tags' label line, at its end: showing or hiding it moves nothing (the journey below stays under the pointer). */
  .tags { position: relative; }
  .tags-unsaved { position: absolute; inset-block-start: 0; inset-inline-end: 0; }
`;
