import type { AdaptiveCard, CardElement } from '../../src/render/index.js';

// What a card shows before anything is clicked, for the tests that bound it.

const visibleParts = (elements: readonly CardElement[]): string[] =>
  elements.flatMap((e): string[] => {
    switch (e.type) {
      case 'TextBlock':
        return [e.text.replace(/\*\*/g, '')];
      case 'FactSet':
        return e.facts.map((f) => `${f.title} ${f.value}`);
      case 'ColumnSet':
        return e.columns.flatMap((c) => visibleParts(c.items));
      case 'Container':
        return e.isVisible === false ? [] : visibleParts(e.items);
      case 'ActionSet':
        return e.actions.map((a) => a.title);
      case 'Chart.Line':
        return e.title ? [e.title] : [];
    }
  });

/** The text a card shows before anything is clicked: hidden parts left out, button titles in. */
export const visibleText = (card: AdaptiveCard): string =>
  [...visibleParts(card.body), ...(card.actions ?? []).map((a) => a.title)].join('\n');
