import { css } from 'lit';

/**
 * The side lists both modes show (Open / Recent / Search, Queue / In progress):
 * rows of full-width buttons, the current one marked by an accent bar.
 */
export const listStyles = css`
  .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
  .item {
    inline-size: 100%;
    text-align: start;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  /* A logical border, not an inset shadow: the bar is on the reading side in RTL too. */
  .item[aria-current='true'] { border-color: var(--_accent); border-inline-start-width: 4px; }
  .name { font-weight: 600; overflow-wrap: anywhere; }
  .warn { color: var(--_warning); font-weight: 600; }
  .count {
    display: inline-block;
    min-inline-size: 1.5em;
    text-align: center;
    border-radius: 999px;
    background: var(--_bg);
    font-size: 0.85em;
  }
`;
