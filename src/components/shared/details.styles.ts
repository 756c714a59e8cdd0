import { css } from 'lit';

/**
 * A read-only list of values (`<dl>`): names in a column as wide as the
 * longest, values beside them, wrapped anywhere rather than overflowing.
 * Used by `<customer-form>` (view mode) and `<request-editor>` (details).
 */
export const detailsStyles = css`
  dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    margin-block: 0;
    margin-inline: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin-block: 0;
    margin-inline: 0;
    overflow-wrap: anywhere;
  }
`;
