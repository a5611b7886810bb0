import { RegionPackInput, type RegionPackDefinition, type RegionPackView } from '@memberloop/shared';
import { checkContract, type ContractCheck } from '../../services/contract-check';
import { REGION_PACKS_TEXT } from './region-benefits-text';

/** What HQ types on the pack form, as typed. */
export interface RegionPackDraft {
  name: string;
  /** Regions separated by commas, 、 or spaces. */
  regions: string;
  minTierCode: string;
  couponTemplateIds: string[];
  multiplier: string;
  /** One line per highlight. */
  highlights: string;
}

export const EMPTY_REGION_PACK: RegionPackDraft = {
  name: '',
  regions: '',
  minTierCode: '',
  couponTemplateIds: [],
  multiplier: '',
  highlights: '',
};

/** The draft as the contract takes it, checked with HQ's words for each field at fault. */
export function regionPackOf(draft: RegionPackDraft): ContractCheck<RegionPackDefinition> {
  const multiplier = draft.multiplier.trim();
  const input = {
    name: draft.name.trim(),
    regions: draft.regions
      .split(/[,，、\s]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    minTierCode: draft.minTierCode,
    couponTemplateIds: draft.couponTemplateIds,
    ...(multiplier ? { pointsMultiplier: /^\d+(\.\d+)?$/.test(multiplier) ? Number(multiplier) : NaN } : {}),
    highlights: draft.highlights
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  };
  return checkContract(RegionPackInput, input, REGION_PACKS_TEXT.faults);
}

/** A draft pack back on the form, to change it. */
export function draftOfPack(pack: RegionPackView): RegionPackDraft {
  return {
    name: pack.name,
    regions: pack.regions.join('、'),
    minTierCode: pack.minTierCode,
    couponTemplateIds: pack.couponTemplates.map((t) => t.id),
    multiplier: pack.pointsMultiplier ? String(pack.pointsMultiplier) : '',
    highlights: pack.highlights.join('\n'),
  };
}
