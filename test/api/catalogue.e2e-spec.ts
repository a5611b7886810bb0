import {
  AnalyticsSettings,
  type AuditEntryView,
  MyRecommendations,
  Product,
  ProductImportView,
  ProductPage,
} from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import { type Model } from 'mongoose';
import { RecommendationsService } from '../../server/src/analytics/recommendations.service';
import { CatalogueImportService } from '../../server/src/catalogue/catalogue-import.service';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { ProductImport } from '../../server/src/catalogue/schemas/product-import.schema';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const HEADER = 'sku,name,category,imageUrl,price';

describe('the product catalogue: HQ’s products, CSV import and export', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let hqToken: string;

  beforeAll(async () => {
    running = await startApp();
    hqToken = (await loginAsStaff(running, 'catalogue-hq', 'hq')).accessToken;
    hq = authorized(running, hqToken);
  });
  afterAll(async () => {
    await running?.close();
  });

  const product = async (response: Response, status = 200) => {
    const body = await response.json();
    expect({ status: response.status, body }).toMatchObject({ status });
    return Product.parse(body);
  };
  const upload = (token: string, text: string | Uint8Array, fileName = 'catalogue.csv') => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([typeof text === 'string' ? new TextEncoder().encode(text) : new Uint8Array(text)], { type: 'text/csv' }),
      fileName,
    );
    return fetch(`${running.baseUrl}/api/v1/hq/catalogue/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const finished = async (importId: string): Promise<ProductImportView> => {
    const seen: number[] = [];
    for (let i = 0; i < 600; i++) {
      const view = ProductImportView.parse(await (await hq(`/api/v1/hq/catalogue/imports/${importId}`)).json());
      seen.push(view.processed);
      if (view.status === 'done') {
        // Progress only ever moves forward.
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
        return view;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`import ${importId} did not finish`);
  };
  const entries = async (action: string) =>
    ((await (await hq(`/api/v1/hq/audit-log?limit=100&action=${action}`)).json()) as { entries: AuditEntryView[] }).entries;

  it('lets HQ add, change, retire and bring back a product, each change audited', async () => {
    const created = await product(
      await hq('/api/v1/hq/catalogue/products', {
        body: { sku: 'OOLONG-250', name: ' 冻顶乌龙 250g ', category: '茶叶', priceFen: 12_800 },
      }),
      201,
    );
    expect(created).toMatchObject({
      sku: 'OOLONG-250',
      name: '冻顶乌龙 250g',
      category: '茶叶',
      priceFen: 12_800,
      status: 'active',
    });
    expect(created.imageUrl).toBeUndefined();
    expect(await product(await hq('/api/v1/hq/catalogue/products/OOLONG-250'))).toEqual(created);

    const changed = await product(
      await hq('/api/v1/hq/catalogue/products/OOLONG-250', {
        method: 'PATCH',
        body: { priceFen: 9_900, imageUrl: 'https://cdn.example.com/oolong.png' },
      }),
    );
    expect(changed).toMatchObject({ name: '冻顶乌龙 250g', priceFen: 9_900, imageUrl: 'https://cdn.example.com/oolong.png' });
    const noPicture = await product(
      await hq('/api/v1/hq/catalogue/products/OOLONG-250', { method: 'PATCH', body: { imageUrl: null } }),
    );
    expect(noPicture.imageUrl).toBeUndefined();
    // The same values again change nothing and leave no entry.
    await product(await hq('/api/v1/hq/catalogue/products/OOLONG-250', { method: 'PATCH', body: { priceFen: 9_900 } }));

    expect(await product(await hq('/api/v1/hq/catalogue/products/OOLONG-250/retire', { method: 'POST' }))).toMatchObject({
      status: 'retired',
    });
    expect(await product(await hq('/api/v1/hq/catalogue/products/OOLONG-250/reactivate', { method: 'POST' }))).toMatchObject({
      status: 'active',
    });

    expect(await entries('catalogue.product-create')).toEqual([
      expect.objectContaining({ role: 'hq', target: { type: 'product', id: 'OOLONG-250' } }),
    ]);
    const updates = await entries('catalogue.product-update');
    expect(updates.map((e) => e.details)).toEqual([
      { before: { imageUrl: 'https://cdn.example.com/oolong.png' }, after: { imageUrl: null } },
      {
        before: { priceFen: 12_800, imageUrl: null },
        after: { priceFen: 9_900, imageUrl: 'https://cdn.example.com/oolong.png' },
      },
    ]);
    expect(await entries('catalogue.product-retire')).toHaveLength(1);
    expect(await entries('catalogue.product-reactivate')).toHaveLength(1);
    // The endpoints write their own entries: no second, generic one.
    expect(await entries('POST /api/v1/hq/catalogue/products')).toEqual([]);

    const again = await hq('/api/v1/hq/catalogue/products', {
      body: { sku: 'OOLONG-250', name: '另一个', category: '茶叶', priceFen: 1 },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'CONFLICT', message: 'SKU OOLONG-250 已在商品目录中' });
    const missing = await hq('/api/v1/hq/catalogue/products/NOPE-1');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', message: '商品目录中没有 SKU NOPE-1' });
  });

  it('refuses members and managers (403) and changes nothing', async () => {
    const member = authorized(running, (await loginAs(running, 'catalogue-member')).accessToken);
    const managerToken = (await loginAsStaff(running, 'catalogue-manager', 'manager', { storeIds: ['SH01'] })).accessToken;
    const manager = authorized(running, managerToken);
    for (const caller of [member, manager]) {
      const create = await caller('/api/v1/hq/catalogue/products', {
        body: { sku: 'SNEAK-1', name: '偷偷', category: '茶', priceFen: 1 },
      });
      expect(create.status).toBe(403);
      expect(await create.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect((await caller('/api/v1/hq/catalogue/products')).status).toBe(403);
      expect((await caller('/api/v1/hq/catalogue/products/OOLONG-250/retire', { method: 'POST' })).status).toBe(403);
      expect((await caller('/api/v1/hq/catalogue/products.csv')).status).toBe(403);
    }
    expect((await upload(managerToken, `${HEADER}\nSNEAK-2,偷偷,茶,,1\n`)).status).toBe(403);
    expect((await hq('/api/v1/hq/catalogue/products/SNEAK-1')).status).toBe(404);
    expect((await hq('/api/v1/hq/catalogue/products/SNEAK-2')).status).toBe(404);
  });

  it('refuses bad input with VALIDATION_FAILED, naming each field', async () => {
    const refused = async (response: Response, paths: string[]) => {
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; details: { issues: Array<{ path: string; message: string }> } };
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.issues.map((i) => i.path).sort()).toEqual(paths.sort());
      return body.details.issues;
    };
    const issues = await refused(
      await hq('/api/v1/hq/catalogue/products', {
        body: { sku: 'BAD SKU', name: '', category: 'x'.repeat(31), imageUrl: 'http://cdn.example.com/a.png', priceFen: -1 },
      }),
      ['body.sku', 'body.name', 'body.category', 'body.imageUrl', 'body.priceFen'],
    );
    expect(issues.find((i) => i.path === 'body.imageUrl')?.message).toBe('图片地址必须是 https:// 开头的网址');
    await refused(await hq('/api/v1/hq/catalogue/products', { body: { sku: 'X', name: 'x', category: 'y', priceFen: 1.5 } }), [
      'body.priceFen',
    ]);
    await refused(await hq('/api/v1/hq/catalogue/products/OOLONG-250', { method: 'PATCH', body: {} }), ['body']);
    // Retiring has its own endpoint.
    await refused(await hq('/api/v1/hq/catalogue/products/OOLONG-250', { method: 'PATCH', body: { status: 'retired' } }), [
      'body',
      'body',
    ]);
    await refused(await hq('/api/v1/hq/catalogue/products?cursor=zzz'), ['query.cursor']);
    await refused(await hq(`/api/v1/hq/catalogue/products?sort=sku&cursor=n:${'a'.repeat(24)}`), ['query.cursor']);
  });

  it('lists by search, category and status, newest first or by SKU, a page at a time', async () => {
    for (const [sku, name, category] of [
      ['LIST-C', '玫瑰花茶', '花茶'],
      ['LIST-A', '茉莉花茶', '花茶'],
      ['LIST-B', '白瓷杯', '器具'],
    ]) {
      await product(await hq('/api/v1/hq/catalogue/products', { body: { sku, name, category, priceFen: 100 } }), 201);
    }
    await hq('/api/v1/hq/catalogue/products/LIST-B/retire', { method: 'POST' });
    const page = async (query: string) => ProductPage.parse(await (await hq(`/api/v1/hq/catalogue/products?${query}`)).json());

    expect((await page('q=list')).products.map((p) => p.sku)).toEqual(['LIST-B', 'LIST-A', 'LIST-C']);
    expect((await page('q=花茶')).products.map((p) => p.sku)).toEqual(['LIST-A', 'LIST-C']);
    expect((await page('q=list&category=器具')).products.map((p) => p.sku)).toEqual(['LIST-B']);
    expect((await page('q=list&status=active&sort=sku')).products.map((p) => p.sku)).toEqual(['LIST-A', 'LIST-C']);
    // A search is text, not a pattern.
    expect((await page('q=.*')).products).toEqual([]);

    const first = await page('q=LIST&sort=sku&limit=2');
    expect(first.products.map((p) => p.sku)).toEqual(['LIST-A', 'LIST-B']);
    const second = await page(`q=LIST&sort=sku&limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ products: [expect.objectContaining({ sku: 'LIST-C' })] });
    const newest = await page('q=LIST&limit=2');
    expect(newest.products.map((p) => p.sku)).toEqual(['LIST-B', 'LIST-A']);
    expect((await page(`q=LIST&limit=2&cursor=${newest.nextCursor}`)).products.map((p) => p.sku)).toEqual(['LIST-C']);
  });

  it('imports a CSV in the background: good rows in, each bad row reported, progress to completion; the same file again changes nothing', async () => {
    const good = Array.from({ length: 450 }, (_, i) => {
      const n = String(i).padStart(3, '0');
      return `IMP-${n},"进口商品 ${n}, 礼盒",${i % 2 ? '茶叶' : '器具'},${i % 3 ? `https://cdn.example.com/imp-${n}.png` : ''},${i}.5`;
    });
    const csv =
      '\uFEFF' +
      [
        HEADER,
        ...good.slice(0, 100),
        'BAD ONE,名字,茶叶,,1', // row 102
        'IMP-NEG,名字,茶叶,,-3', // row 103
        ...good.slice(100),
        'IMP-000,重复的,茶叶,,1', // row 454
        'IMP-URL,名字,茶叶,http://cdn.example.com/x.png,12.345', // row 455
        '',
      ].join('\r\n');
    const accepted = await upload(hqToken, csv, '商品目录.csv');
    expect(accepted.status).toBe(202);
    const started = ProductImportView.parse(await accepted.json());
    expect(started).toMatchObject({ status: 'running', fileName: '商品目录.csv', total: 454 });

    const done = await finished(started.id);
    expect(done).toMatchObject({
      status: 'done',
      total: 454,
      processed: 454,
      created: 450,
      updated: 0,
      unchanged: 0,
      failed: 4,
      errorCount: 5,
      finishedAt: expect.any(String),
    });
    expect(done.errors).toEqual([
      { row: 102, sku: 'BAD ONE', field: 'sku', code: 'INVALID_SKU', message: expect.stringContaining('字母、数字') },
      { row: 103, sku: 'IMP-NEG', field: 'price', code: 'INVALID_PRICE', message: '价格必须是不小于 0 的数字，最多两位小数' },
      { row: 454, sku: 'IMP-000', field: 'sku', code: 'DUPLICATE_SKU', message: 'SKU 与第 2 行重复，只导入第一次出现的那一行' },
      { row: 455, sku: 'IMP-URL', field: 'imageUrl', code: 'INVALID_IMAGE_URL', message: '图片地址必须是 https:// 开头的网址' },
      { row: 455, sku: 'IMP-URL', field: 'price', code: 'INVALID_PRICE', message: '价格必须是不小于 0 的数字，最多两位小数' },
    ]);
    expect(await product(await hq('/api/v1/hq/catalogue/products/IMP-001'))).toMatchObject({
      name: '进口商品 001, 礼盒',
      category: '茶叶',
      imageUrl: 'https://cdn.example.com/imp-001.png',
      priceFen: 150,
      status: 'active',
    });
    const imp000 = await product(await hq('/api/v1/hq/catalogue/products/IMP-000'));
    expect(imp000).toMatchObject({ name: '进口商品 000, 礼盒', priceFen: 50 });
    expect(imp000.imageUrl).toBeUndefined();

    const report = await hq(`/api/v1/hq/catalogue/imports/${started.id}/errors.csv`);
    expect(report.headers.get('content-type')).toContain('text/csv');
    const reportLines = (await report.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(reportLines[0]).toBe('row,sku,field,code,message');
    expect(reportLines).toHaveLength(6);
    expect(reportLines[2]).toBe('103,IMP-NEG,price,INVALID_PRICE,价格必须是不小于 0 的数字，最多两位小数');

    // The same file again: every good row unchanged, nothing written.
    const again = await finished(ProductImportView.parse(await (await upload(hqToken, csv)).json()).id);
    expect(again).toMatchObject({ total: 454, created: 0, updated: 0, unchanged: 450, failed: 4 });
    expect(await product(await hq('/api/v1/hq/catalogue/products/IMP-000'))).toEqual(imp000);

    // A changed file: the rows that differ are updated, an emptied picture cell removes the picture.
    const edited = [
      HEADER,
      'IMP-001,进口商品 001 新版,茶叶,,2',
      'IMP-002,"进口商品 002, 礼盒",器具,https://cdn.example.com/imp-002.png,2.5',
    ].join('\n');
    const third = await finished(ProductImportView.parse(await (await upload(hqToken, edited)).json()).id);
    expect(third).toMatchObject({ total: 2, created: 0, updated: 1, unchanged: 1, failed: 0, errors: [] });
    const imp001 = await product(await hq('/api/v1/hq/catalogue/products/IMP-001'));
    expect(imp001).toMatchObject({ name: '进口商品 001 新版', priceFen: 200 });
    expect(imp001.imageUrl).toBeUndefined();

    const list = (await (await hq('/api/v1/hq/catalogue/imports')).json()) as { imports: ProductImportView[] };
    expect(list.imports.map((i) => i.id).slice(0, 2)).toEqual([third.id, again.id]);
    expect(await entries('catalogue.import')).toHaveLength(3);
    expect((await entries('catalogue.import-done'))[2].details).toMatchObject({ created: 450, failed: 4 });
  }, 120_000);

  it('refuses a file that is not a catalogue at once, saying why', async () => {
    const refusal = async (response: Response, status: number, code: string) => {
      const body = (await response.json()) as { code: string; message: string };
      expect({ status: response.status, code: body.code }).toEqual({ status, code });
      return body.message;
    };
    expect(await refusal(await upload(hqToken, 'sku,title,category,price\nA,b,c,1\n'), 400, 'VALIDATION_FAILED')).toBe(
      '表头应为 sku,name,category,imageUrl,price（可再加 status 列）：缺少 name、imageUrl；不认识的列 title',
    );
    expect(
      await refusal(await upload(hqToken, new Uint8Array([0x73, 0x6b, 0x75, 0x2c, 0xc3, 0xfb])), 400, 'VALIDATION_FAILED'),
    ).toContain('UTF-8');
    expect(await refusal(await upload(hqToken, `${HEADER}\n"A,b,c,,1\n`), 400, 'VALIDATION_FAILED')).toContain('没有闭合的引号');
    expect(await refusal(await upload(hqToken, 'x'.repeat(2 * 1024 * 1024 + 1)), 413, 'PAYLOAD_TOO_LARGE')).toContain('2 MB');
    expect(
      await refusal(await hq('/api/v1/hq/catalogue/imports', { body: { csv: HEADER } }), 415, 'UNSUPPORTED_MEDIA_TYPE'),
    ).toContain('multipart/form-data');
    // Nothing of a refused file was stored.
    const list = (await (await hq('/api/v1/hq/catalogue/imports')).json()) as { imports: ProductImportView[] };
    expect(list.imports.every((i) => i.fileName !== 'x')).toBe(true);
    expect((await hq(`/api/v1/hq/catalogue/imports/${'a'.repeat(24)}`)).status).toBe(404);
  });

  it('finishes an import whose server stopped halfway: another picks it up where it was', async () => {
    const imports = running.app.get<Model<ProductImport>>(getModelToken(ProductImport.name));
    const csv = [HEADER, 'HALF-1,半途一,茶叶,,1', 'HALF-2,半途二,茶叶,,2'].join('\n');
    const stalled = await imports.create({
      fileName: 'stalled.csv',
      bytes: csv.length,
      sha256: 'x',
      csv,
      actor: { id: 'someone', role: 'hq' },
      status: 'running',
      total: 2,
      startedAt: new Date(),
      worker: 'a server that stopped',
      leaseUntil: new Date(Date.now() - 1000),
    });
    expect(await running.app.get(CatalogueImportService).resumeStale()).toEqual({ resumed: 1 });
    const view = ProductImportView.parse(await (await hq(`/api/v1/hq/catalogue/imports/${stalled._id.toHexString()}`)).json());
    expect(view).toMatchObject({ status: 'done', processed: 2, created: 2 });
    expect(await running.app.get(CatalogueImportService).resumeStale()).toEqual({ resumed: 0 });
  });

  it('exports the catalogue as CSV, which imports back unchanged', async () => {
    await product(
      await hq('/api/v1/hq/catalogue/products', {
        body: { sku: '-FORMULA', name: '=HYPERLINK("x")', category: '+类', priceFen: 1_299_90 },
      }),
      201,
    );
    await hq('/api/v1/hq/catalogue/products/LIST-A/retire', { method: 'POST' });
    const exported = await hq('/api/v1/hq/catalogue/products.csv');
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const text = await exported.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('sku,name,category,imageUrl,price,status');
    expect(lines).toContain(`'-FORMULA,"'=HYPERLINK(""x"")",'+类,,1299.90,active`);
    expect(lines).toContain('LIST-A,茉莉花茶,花茶,,1.00,retired');
    const back = await finished(ProductImportView.parse(await (await upload(hqToken, text)).json()).id);
    expect(back).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: back.total });
  });

  it('recommends catalogue products by name, picture and price, never a SKU the catalogue does not know or retired', async () => {
    const pos = await running.app.get(IntegrationsService).register('catalogue-pos', 'Catalogue POS');
    const shopper = async (name: string) => {
      const login = await loginAs(running, name);
      return { id: login.member.id, api: authorized(running, login.accessToken) };
    };
    const [ann, bo, cy] = [await shopper('rec-ann'), await shopper('rec-bo'), await shopper('rec-cy')];
    await ann.api('/api/v1/me/consents', { method: 'PUT', body: { personalisation: true } });
    let order = 0;
    const buy = async (memberId: string, skus: string[]) => {
      const response = await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId: `REC-${++order}`,
          member: { memberId },
          storeCode: 'SH01',
          channel: 'store',
          paidAt: new Date(Date.now() - 86_400_000).toISOString(),
          lines: skus.map((sku) => ({ sku, category: '茶叶', quantity: 1, unitPriceFen: 1_000 })),
          totalFen: skus.length * 1_000,
        },
        pos,
      );
      expect(response.status).toBe(200);
    };
    await buy(ann.id, ['REC-TEA']);
    await buy(bo.id, ['REC-TEA', 'REC-CUP', 'REC-UNKNOWN', 'REC-OLD']);
    await buy(cy.id, ['REC-CUP', 'REC-UNKNOWN', 'REC-OLD']);
    for (const body of [
      { sku: 'REC-TEA', name: '正山小种', category: '茶叶', priceFen: 6_800 },
      { sku: 'REC-CUP', name: '白瓷品茗杯', category: '器具', imageUrl: 'https://cdn.example.com/cup.png', priceFen: 12_550 },
      { sku: 'REC-OLD', name: '旧款茶盘', category: '器具', priceFen: 100 },
    ])
      await product(await hq('/api/v1/hq/catalogue/products', { body }), 201);
    await hq('/api/v1/hq/catalogue/products/REC-OLD/retire', { method: 'POST' });
    const settings = AnalyticsSettings.parse(await (await hq('/api/v1/hq/analytics/settings')).json());
    await hq('/api/v1/hq/analytics/settings', {
      method: 'PUT',
      body: { ...settings, recommendations: { ...settings.recommendations, minCoPurchases: 1 } },
    });
    await running.app.get(RecommendationsService).recomputeAll();
    const picksOf = async (api: ReturnType<typeof authorized>) => {
      const response = await api('/api/v1/me/recommendations');
      const text = await response.text();
      // No code of a product the catalogue does not show, anywhere in the answer.
      expect(text).not.toContain('REC-UNKNOWN');
      expect(text).not.toContain('REC-OLD');
      return MyRecommendations.parse(JSON.parse(text));
    };

    // Ann bought the tea: members who bought it also bought the cup (and two products she is not shown).
    const mine = await picksOf(ann.api);
    expect(mine).toMatchObject({ personalised: true });
    expect(mine.items).toEqual([
      {
        sku: 'REC-CUP',
        name: '白瓷品茗杯',
        category: '器具',
        imageUrl: 'https://cdn.example.com/cup.png',
        priceFen: 12_550,
        score: expect.any(Number),
        reason: 'also-bought',
        becauseOf: 'REC-TEA',
        becauseOfName: '正山小种',
      },
    ]);
    // Without consent: best-sellers, catalogue products only.
    const popular = await picksOf(cy.api);
    expect(popular.personalised).toBe(false);
    expect(popular.items.map((i) => [i.sku, i.name]).sort()).toEqual([
      ['REC-CUP', '白瓷品茗杯'],
      ['REC-TEA', '正山小种'],
    ]);
    expect(popular.items.find((i) => i.sku === 'REC-TEA')).toEqual({
      sku: 'REC-TEA',
      name: '正山小种',
      category: '茶叶',
      priceFen: 6_800,
      score: 2,
      reason: 'popular',
    });

    // Retired since the picks were computed: gone at once; with no pick left, best-sellers.
    await hq('/api/v1/hq/catalogue/products/REC-CUP/retire', { method: 'POST' });
    expect(await picksOf(ann.api)).toMatchObject({ personalised: false, items: [expect.objectContaining({ sku: 'REC-TEA' })] });
    expect((await picksOf(cy.api)).items.map((i) => i.sku)).toEqual(['REC-TEA']);
  });

  it('lets a gift coupon or a group-buy deal name only an active product of the catalogue', async () => {
    await product(
      await hq('/api/v1/hq/catalogue/products', {
        body: { sku: 'GIFT-ON', name: '在售礼品', category: '器具', priceFen: 5_000 },
      }),
      201,
    );
    await product(
      await hq('/api/v1/hq/catalogue/products', {
        body: { sku: 'GIFT-OFF', name: '下架礼品', category: '器具', priceFen: 5_000 },
      }),
      201,
    );
    await hq('/api/v1/hq/catalogue/products/GIFT-OFF/retire', { method: 'POST' });
    const template = (sku: string) =>
      hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '换购券',
          benefit: { kind: 'gift', sku, priceFen: 990 },
          validity: { type: 'afterClaim', days: 7 },
          totalStock: 10,
        },
      });
    const deal = (skuCode: string) =>
      hq('/api/v1/staff/group-buy-deals', {
        body: {
          skuCode,
          skuName: '拼团礼品',
          normalPriceFen: 5_000,
          groupPriceFen: 3_000,
          groupSize: 2,
          timeLimitMinutes: 60,
          maxGroups: 5,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      });
    const refusal = async (response: Response) => {
      expect(response.status).toBe(400);
      return (await response.json()) as {
        code: string;
        message: string;
        details: { issues: Array<{ path: string }>; reason: string };
      };
    };

    expect((await template('GIFT-ON')).status).toBe(201);
    expect(await refusal(await template('GIFT-NONE'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'SKU GIFT-NONE 不在商品目录中：请先在商品目录中添加这个商品',
      details: { issues: [{ path: 'body.benefit.sku' }], reason: 'unknown-sku' },
    });
    expect(await refusal(await template('GIFT-OFF'))).toMatchObject({
      message: 'SKU GIFT-OFF 已在商品目录中下架：请先恢复这个商品，或换一个在售的商品',
      details: { issues: [{ path: 'body.benefit.sku' }], reason: 'retired-sku' },
    });

    expect((await deal('GIFT-ON')).status).toBe(201);
    expect(await refusal(await deal('GIFT-NONE'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'body.skuCode' }], reason: 'unknown-sku' },
    });
    expect(await refusal(await deal('GIFT-OFF'))).toMatchObject({ details: { reason: 'retired-sku' } });
    // A refused deal leaves no voucher template behind.
    const templates = (await (await hq('/api/v1/staff/group-buy-deals')).json()) as { deals: Array<{ skuCode: string }> };
    expect(templates.deals.map((d) => d.skuCode)).toEqual(['GIFT-ON']);
  });
});
