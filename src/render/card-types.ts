/** The part of Adaptive Cards 1.5 we emit (Teams renders up to 1.5). */

export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  id?: string;
  size?: TextSize;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  separator?: boolean;
  fontType?: 'Default' | 'Monospace';
  style?: 'default' | 'heading';
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: TextBlock['spacing'];
}

export interface Column {
  type: 'Column';
  /** 'auto', 'stretch', a weight ('2') or pixels ('50px'). */
  width: string;
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: TextBlock['spacing'];
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  id?: string;
  isVisible?: boolean;
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: TextBlock['spacing'];
  separator?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: TextBlock['spacing'];
}

/** Teams' line chart (Teams only: other hosts show `fallback`). */
export interface LineChart {
  type: 'Chart.Line';
  title?: string;
  xAxisTitle?: string;
  yAxisTitle?: string;
  data: { legend: string; values: { x: string; y: number }[] }[];
  fallback?: CardElement;
  spacing?: TextBlock['spacing'];
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | LineChart;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  /** Comes back as the message activity's `value`. */
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
}

export interface ToggleVisibilityAction {
  type: 'Action.ToggleVisibility';
  title: string;
  targetElements: string[];
}

export type CardAction = SubmitAction | ToggleVisibilityAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  /** Shown by clients that cannot render the card. */
  fallbackText: string;
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The message activity that carries one card. */
export interface CardMessage {
  type: 'message';
  summary: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
  channelData?: Record<string, unknown>;
}
