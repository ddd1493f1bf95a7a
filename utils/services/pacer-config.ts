// The pacer's configuration from the extension's settings (utils/domain/settings.ts `budget`).
import type { Settings } from '../domain/settings';
import type { PacerConfig } from '../pacer/pacer';

export function configOfSettings(s: Pick<Settings, 'budget'>): PacerConfig {
  return {
    tfsoLimitPerHour: s.budget.tfsoLimitPerHour,
    tfsoSharePerHour: s.budget.tfsoSharePerHour,
    maxWaitMs: s.budget.maxWaitSeconds * 1000,
  };
}
