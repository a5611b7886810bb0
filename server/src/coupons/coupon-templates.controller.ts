import { Controller } from '@nestjs/common';
import {
  createCouponTemplate,
  listHqCouponTemplates,
  listReleasedCouponTemplates,
  reactivateCouponTemplate,
  retireCouponTemplate,
  updateCouponTemplate,
  type CouponTemplateChange,
  type HqCouponTemplateView,
  type NewCouponTemplate,
  type OfferStatus,
  type ReleasedCouponTemplate,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { CouponTemplatesService } from './coupon-templates.service';

/** HQ's coupon templates (every change audited by the staff audit interceptor), and the list managers send from. */
@Controller()
export class CouponTemplatesController {
  constructor(private readonly templates: CouponTemplatesService) {}

  @Endpoint(listHqCouponTemplates)
  async list(@ContractQuery() query: { status?: OfferStatus }): Promise<{ templates: HqCouponTemplateView[] }> {
    return { templates: await this.templates.list(query.status) };
  }

  @Endpoint(createCouponTemplate)
  create(@ContractBody() body: NewCouponTemplate): Promise<HqCouponTemplateView> {
    return this.templates.create(body);
  }

  @Endpoint(updateCouponTemplate)
  change(
    @ContractParams() params: { templateId: string },
    @ContractBody() body: CouponTemplateChange,
  ): Promise<HqCouponTemplateView> {
    return this.templates.change(new Types.ObjectId(params.templateId), body);
  }

  @Endpoint(retireCouponTemplate)
  retire(@ContractParams() params: { templateId: string }): Promise<HqCouponTemplateView> {
    return this.templates.retire(new Types.ObjectId(params.templateId));
  }

  @Endpoint(reactivateCouponTemplate)
  reactivate(@ContractParams() params: { templateId: string }): Promise<HqCouponTemplateView> {
    return this.templates.reactivate(new Types.ObjectId(params.templateId));
  }

  @Endpoint(listReleasedCouponTemplates)
  async released(): Promise<{ templates: ReleasedCouponTemplate[] }> {
    return { templates: await this.templates.releasedToManagers() };
  }
}
