import { css } from 'lit';

/**
 * The two-column layout both modes use: a side column (the customer pane, or
 * the task queue's lists) beside the work area, one column under 640 px.
 * `--_side-min` / `--_side-max` size the side column per element.
 */
export const layoutStyles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(var(--_side-min, 180px), var(--_side-max, 240px)) 1fr;
    min-block-size: 360px;
  }
  @container (max-width: 640px) {
    .layout { grid-template-columns: 1fr; }
  }
  .column {
    background: var(--_bg-alt);
    border-inline-end: 1px solid var(--_border);
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
`;
