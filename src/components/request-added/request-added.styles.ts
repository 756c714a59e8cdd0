import { css } from 'lit';

export const styles = css`
  :host { display: block; }
  :host([hidden]), [hidden] { display: none !important; }
  .added {
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2) var(--_space);
  }
  .text { flex: 1 1 12em; min-inline-size: 0; overflow-wrap: anywhere; }
`;
