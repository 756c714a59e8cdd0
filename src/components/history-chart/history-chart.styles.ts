import { css } from 'lit';

/**
 * Bar colours: mid-tone defaults with at least 3:1 contrast against both the
 * light surface (#ffffff, #f4f6f8) and the demo's dark one (#161b22, #0d1117)
 * (WCAG 1.4.11, graphics); a theme sets `--cc-chart-*` to its own.
 */
export const styles = css`
  :host {
    display: block;
    --_voice: var(--cc-chart-voice, #2f7de1);
    --_chat: var(--cc-chart-chat, #2b8a3e);
    --_email: var(--cc-chart-email, #d9480f);
    --_note: var(--cc-chart-note, #be4bdb);
    --_other: var(--cc-chart-other, #7a8490);
  }
  .summary { margin: 0 0 calc(var(--_space) / 2); font-weight: 600; }
  .plot { display: grid; gap: 2px; }
  svg { display: block; inline-size: 100%; block-size: 56px; }
  .base { stroke: var(--_border); stroke-width: 1; vector-effect: non-scaling-stroke; }
  rect { stroke: var(--_bg); stroke-width: 1; vector-effect: non-scaling-stroke; }
  .voice { fill: var(--_voice); background: var(--_voice); }
  .chat { fill: var(--_chat); background: var(--_chat); }
  .email { fill: var(--_email); background: var(--_email); }
  .note { fill: var(--_note); background: var(--_note); }
  .other { fill: var(--_other); background: var(--_other); }
  .months {
    display: grid;
    grid-template-columns: repeat(12, 1fr);
    font-size: 0.75em;
    color: var(--_muted);
    text-align: center;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* One line each even when empty (loading, or no activity yet): the journey below never jumps. */
  .months, .legend { min-block-size: 1.3em; }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) var(--_space);
    margin: calc(var(--_space) / 2) 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
  }
  .legend li { display: inline-flex; align-items: center; gap: calc(var(--_space) / 2); }
  .swatch { display: inline-block; inline-size: 0.8em; block-size: 0.8em; border-radius: 2px; }
`;
