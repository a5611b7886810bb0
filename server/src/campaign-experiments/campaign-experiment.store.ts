import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MarketingContacts } from '../common/marketing-contacts/marketing-contacts';
import { ExperimentAssignment, ExperimentPromotionSend } from './schemas/campaign-experiment.schema';

/**
 * The experiments' records as other features may read them (see docs/architecture.md, "Features own their data"):
 * when an experiment last gave members something, so other marketing automations can keep the same contact caps.
 */
@Injectable()
export class CampaignExperimentStore implements OnModuleInit {
  constructor(
    @InjectModel(ExperimentAssignment.name) private readonly assignments: Model<ExperimentAssignment>,
    @InjectModel(ExperimentPromotionSend.name) private readonly promotions: Model<ExperimentPromotionSend>,
    private readonly marketing: MarketingContacts,
  ) {}

  async onModuleInit(): Promise<void> {
    // Experiments' rewards and promoted winners count in every automation's frequency cap.
    this.marketing.register({
      name: 'experiments',
      lastContacts: (ids, except) => this.lastContacts(ids, except ? new Types.ObjectId(except) : undefined),
    });
    await Promise.all([this.assignments.init(), this.promotions.init()]);
  }

  /** When an experiment (a variant's reward or a promoted winner) last contacted each of these members. */
  async lastContacts(memberIds: Types.ObjectId[], except?: Types.ObjectId): Promise<Map<string, Date>> {
    const other = except ? { experimentId: { $ne: except } } : {};
    const [sent, promoted] = await Promise.all([
      this.assignments.aggregate<{ _id: Types.ObjectId; at: Date }>([
        { $match: { memberId: { $in: memberIds }, status: 'sent', ...other } },
        { $group: { _id: '$memberId', at: { $max: '$sentAt' } } },
      ]),
      this.promotions.aggregate<{ _id: Types.ObjectId; at: Date }>([
        { $match: { memberId: { $in: memberIds }, ...other } },
        { $group: { _id: '$memberId', at: { $max: '$sentAt' } } },
      ]),
    ]);
    const latest = new Map<string, Date>();
    for (const row of [...sent, ...promoted]) {
      const id = row._id.toHexString();
      const at = new Date(row.at);
      if (!latest.has(id) || latest.get(id)! < at) latest.set(id, at);
    }
    return latest;
  }
}
