import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [hidden] { display: none !important; }
  /* Context mode: the pane and the work area side by side (each element lays out its own content). */

`;
