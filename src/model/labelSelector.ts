/**
 * The typed Kubernetes `LabelSelector` (apimachinery meta/v1), as read from YAML. Lowered into the
 * one selector AST by `selector/fromLabelSelector.ts`.
 */

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}
