import { css } from 'lit';

export const styles = css`
  :host { display: contents; }
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
