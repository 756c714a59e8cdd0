import { css } from 'lit';

/**
 * Shared look: every colour, space, font and radius comes from a `--cc-*`
 * custom property with a default that sits well in a Finesse desktop.
 * Logical properties only (RTL-ready).
 */
export const tokens = css`
  :host {
    --_fg: var(--cc-color-text, #1d2733);
    --_muted: var(--cc-color-muted, #5a6675);
    --_bg: var(--cc-color-surface, #ffffff);
    --_bg-alt: var(--cc-color-surface-alt, #f4f6f8);
    --_border: var(--cc-color-border, #c5ccd5);
    /* The edge of a field the agent types in or chooses from: at least 3:1 against the surface (WCAG 1.4.11). */
    --_input-border: var(--cc-color-input-border, #7a8490);
    --_accent: var(--cc-color-accent, #0b5cad);
    --_accent-fg: var(--cc-color-on-accent, #ffffff);
    --_danger: var(--cc-color-danger, #b3261e);
    --_warning-bg: var(--cc-color-warning-surface, #fff4d6);
    --_warning: var(--cc-color-warning, #7a5200);
    --_focus: var(--cc-color-focus, #0b5cad);
    /* The one focus ring of every element: --cc-focus-ring replaces it whole (e.g. "3px dashed Highlight"). */
    --_focus-ring: var(--cc-focus-ring, 2px solid var(--_focus));
    --_space: var(--cc-space, 8px);
    --_radius: var(--cc-radius, 4px);
    --_font: var(--cc-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--cc-font-size, 14px);
    color: var(--_fg);
    font-family: var(--_font);
    font-size: var(--_font-size);
    box-sizing: border-box;
  }
  /* border-box, not inherit: an explicitly inherited property keeps Chromium from sharing computed
     styles between elements (its matched-properties cache), which made every restyle of a row or
     field cost ~15× more. No element here uses ::before or ::after. */
  * { box-sizing: border-box; }
  /* Dates and customer data (phones, emails, names) keep their own direction inside RTL text. */
  time, bdi { unicode-bidi: plaintext; }
  :focus-visible { outline: var(--_focus-ring); outline-offset: 2px; }
  button {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: calc(var(--_space) / 2);
    padding-inline: var(--_space);
    cursor: pointer;
  }
  button.primary { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  input, textarea, select {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    inline-size: 100%;
  }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--_danger); }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px; block-size: 1px;
    overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
  .error { color: var(--_danger); }
  .muted { color: var(--_muted); }
`;
