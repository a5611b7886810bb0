import { Injectable } from '@nestjs/common';
import { AnalyticsSettings } from '@memberloop/shared';
import { AnalyticsStateStore } from './analytics-state.store';
import { DEFAULT_ANALYTICS_SETTINGS } from './domain/default-analytics-settings';

const KEY = 'settings';

/** HQ's analytics settings: the shipped defaults until HQ saves its own. */
@Injectable()
export class AnalyticsSettingsService {
  constructor(private readonly state: AnalyticsStateStore) {}

  async get(): Promise<AnalyticsSettings> {
    const saved = await this.state.get<AnalyticsSettings>(KEY);
    // Parsed, so settings saved by an older version still come back complete (or fall back to the defaults).
    const parsed = saved ? AnalyticsSettings.safeParse(saved) : undefined;
    return parsed?.success ? parsed.data : DEFAULT_ANALYTICS_SETTINGS;
  }

  async update(settings: AnalyticsSettings): Promise<AnalyticsSettings> {
    const parsed = AnalyticsSettings.parse(settings);
    await this.state.set(KEY, parsed);
    return parsed;
  }
}
