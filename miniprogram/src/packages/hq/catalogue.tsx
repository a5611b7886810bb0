import { useEffect, useRef, useState } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import {
  createProduct,
  exportProductImportErrors,
  exportProducts,
  formatFen,
  getProductImport,
  importProducts,
  listProducts,
  reactivateProduct,
  retireProduct,
  updateProduct,
  type Product,
  type ProductImportView,
} from '@memberloop/shared';
import { Empty, Screen, Section } from '../../components/Screen';
import { useRemote } from '../../hooks/use-remote';
import { useAction } from '../../hooks/use-action';
import { callAsMember, staffRoleOfSession } from '../../services/session';
import { uploadTo } from '../../services/upload';
import { CAN_SAVE_FILES, pickCsv, saveCsv } from './files';
import { HqOnly } from './hq-only';
import {
  draftOfProduct,
  EMPTY_PRODUCT,
  importProgress,
  newProductOf,
  productChangesOf,
  type ProductDraft,
  type ProductField,
} from './product-form';
import './hq.css';

const FIELDS: Array<{ field: ProductField; label: string; placeholder: string }> = [
  { field: 'sku', label: 'SKU', placeholder: '如 FR-001' },
  { field: 'name', label: '名称', placeholder: '会员看到的商品名' },
  { field: 'category', label: '品类', placeholder: '如 护肤' },
  { field: 'price', label: '价格（元）', placeholder: '如 128.00' },
  { field: 'imageUrl', label: '图片网址', placeholder: 'https:// 开头，可不填' },
];

/** HQ's product catalogue: members see these names and pictures instead of SKUs. */
export default function HqCataloguePage() {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const { state, reload, set } = useRemote(() =>
    callAsMember(listProducts, { query: { ...(search ? { q: search } : {}), limit: 50 } }),
  );
  const [editing, setEditing] = useState<Product | undefined>();
  const [draft, setDraft] = useState<ProductDraft>(EMPTY_PRODUCT);
  const [touched, setTouched] = useState(false);
  // One write at a time (ActionGate): a tap while one runs is ignored, the buttons disabled meanwhile.
  const { busy, run } = useAction();
  const [running, setRunning] = useState<ProductImportView | undefined>();

  // A new search loads its first page (the first load is useRemote's own).
  const searched = useRef(search);
  useEffect(() => {
    if (searched.current === search) return;
    searched.current = search;
    void reload();
  }, [search, reload]);

  // An import runs in the background: its progress is read every second until it is done.
  useEffect(() => {
    if (running?.status !== 'running') return undefined;
    const timer = setTimeout(() => {
      callAsMember(getProductImport, { params: { importId: running.id } }).then(
        (next) => {
          setRunning(next);
          if (next.status === 'done') void reload();
        },
        () => setRunning({ ...running }),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [running, reload]);

  const result = editing ? productChangesOf(editing, draft) : newProductOf(draft);
  const problems = result && 'problems' in result ? result.problems : {};

  const act = async (work: () => Promise<unknown>, done: string) => {
    const ok = await run(
      async () => {
        await work();
        return true;
      },
      done,
      { success: done, refusals: { CONFLICT: '这个 SKU 已在目录中，请直接修改它', NOT_FOUND: '找不到这个商品' } },
    );
    if (!ok) return false;
    await reload();
    return true;
  };

  const save = async () => {
    setTouched(true);
    if (!result || 'problems' in result || busy) return;
    const ok = await act(
      () =>
        'product' in result
          ? callAsMember(createProduct, { body: result.product })
          : callAsMember(updateProduct, { params: { sku: editing!.sku }, body: result.changes }),
      editing ? '已修改' : '已添加',
    );
    if (ok) {
      setEditing(undefined);
      setDraft(EMPTY_PRODUCT);
      setTouched(false);
    }
  };

  const startImport = async () => {
    const picked = await pickCsv();
    if (!picked) return;
    const started = await run(() => uploadTo<ProductImportView>(importProducts, picked), `import:${picked.path}`);
    if (started) setRunning(started);
  };

  const progress = running && importProgress(running.processed, running.total);

  return (
    <View className='page hq'>
      <HqOnly role={staffRoleOfSession()}>
        <View className='hq-columns'>
          <View>
            <Section title='从 CSV 导入'>
              <Text className='form-hint'>
                表头为 sku,name,category,imageUrl,price（价格以元计），UTF-8 编码，最多 2 万行；同一文件重复导入不会重复改动
              </Text>
              <Button
                className='primary-button'
                data-testid='catalogue-import'
                disabled={busy || running?.status === 'running' || undefined}
                onClick={() => void startImport()}
              >
                {running?.status === 'running' ? '导入中…' : '选择 CSV 文件'}
              </Button>
              {running && progress && (
                <View className='hq-import' data-testid='catalogue-import-status'>
                  <Text className='hq-row__title'>{running.fileName}</Text>
                  <View className='hq-progress'>
                    <View className='hq-progress__fill' style={{ width: `${progress.percent}%` }} />
                  </View>
                  <Text className='hq-row__meta' data-testid='catalogue-import-progress'>
                    {running.status === 'done' ? '导入完成 · ' : ''}
                    {progress.text} · 新增 {running.created} · 更新 {running.updated} · 未变 {running.unchanged} · 有误{' '}
                    {running.failed}
                  </Text>
                  {running.errors.slice(0, 50).map((error) => (
                    <Text key={`${error.row}-${error.field}`} className='hq-problem' data-testid='catalogue-import-error'>
                      第 {error.row} 行{error.sku ? `（${error.sku}）` : ''}：{error.message}
                    </Text>
                  ))}
                  {running.errorCount > 0 && CAN_SAVE_FILES && (
                    <Text
                      className='hq-link'
                      onClick={() =>
                        void saveCsv(exportProductImportErrors, { importId: running.id }, `导入错误-${running.fileName}`)
                      }
                    >
                      下载全部 {running.errorCount} 条错误
                    </Text>
                  )}
                </View>
              )}
            </Section>
            <Section
              title={editing ? `修改 ${editing.sku}` : '新增商品'}
              extra={
                editing && (
                  <Text
                    className='hq-link'
                    onClick={() => {
                      setEditing(undefined);
                      setDraft(EMPTY_PRODUCT);
                    }}
                  >
                    取消修改
                  </Text>
                )
              }
            >
              {FIELDS.filter((f) => !(editing && f.field === 'sku')).map(({ field, label, placeholder }) => (
                <View key={field}>
                  <View className='form-row'>
                    <Text className='form-row__label'>{label}</Text>
                    <Input
                      className='form-row__input'
                      data-testid={`product-${field}`}
                      placeholder={placeholder}
                      value={draft[field]}
                      onInput={(event) => setDraft((d) => ({ ...d, [field]: event.detail.value }))}
                    />
                  </View>
                  {touched && problems[field] && <Text className='hq-problem'>{problems[field]}</Text>}
                </View>
              ))}
              <Button
                className='primary-button'
                data-testid='product-save'
                disabled={busy || !result || (touched && 'problems' in result) || undefined}
                onClick={() => void save()}
              >
                {editing ? (result ? '保存修改' : '没有改动') : '添加到目录'}
              </Button>
            </Section>
          </View>
          <Section
            title='商品目录'
            extra={
              CAN_SAVE_FILES && (
                <Text className='hq-link' onClick={() => void saveCsv(exportProducts, {}, '商品目录.csv')}>
                  导出 CSV
                </Text>
              )
            }
          >
            <View className='form-row'>
              <Input
                className='form-row__input hq-search'
                data-testid='catalogue-search'
                placeholder='搜索 SKU 或名称'
                confirmType='search'
                value={query}
                onInput={(event) => setQuery(event.detail.value)}
                onConfirm={() => setSearch(query.trim())}
              />
              <Text className='hq-link' onClick={() => setSearch(query.trim())}>
                搜索
              </Text>
            </View>
            <Screen state={state} onRetry={() => void reload()}>
              {(page) => (
                <>
                  {page.products.length === 0 && (
                    <Empty text={search ? '没有找到这个商品' : '目录还是空的：导入 CSV 或逐个添加'} />
                  )}
                  {page.products.map((product) => (
                    <View key={product.sku} className='hq-row' data-testid='catalogue-product'>
                      {product.imageUrl ? (
                        <Image className='hq-product__picture' src={product.imageUrl} mode='aspectFill' />
                      ) : (
                        <Text className='hq-product__picture hq-product__picture--none'>{Array.from(product.name)[0]}</Text>
                      )}
                      <View className='hq-row__body'>
                        <View className='hq-row__line'>
                          <Text className='hq-row__title'>{product.name}</Text>
                          {product.status === 'retired' && <Text className='tag hq-tag--off'>已下架</Text>}
                        </View>
                        <Text className='hq-row__meta'>
                          {product.sku} · {product.category} · {formatFen(product.priceFen)}
                        </Text>
                      </View>
                      <View className='hq-row__actions'>
                        <Text
                          className='hq-link'
                          data-testid='product-edit'
                          onClick={() => {
                            setEditing(product);
                            setDraft(draftOfProduct(product));
                            setTouched(false);
                          }}
                        >
                          修改
                        </Text>
                        <Text
                          className={`hq-link${product.status === 'active' ? ' hq-link--danger' : ''}`}
                          data-testid='product-toggle'
                          onClick={() =>
                            void act(
                              () =>
                                callAsMember(product.status === 'active' ? retireProduct : reactivateProduct, {
                                  params: { sku: product.sku },
                                }),
                              product.status === 'active' ? '已下架' : '已重新上架',
                            )
                          }
                        >
                          {product.status === 'active' ? '下架' : '上架'}
                        </Text>
                      </View>
                    </View>
                  ))}
                  {page.nextCursor && (
                    <Text
                      className='hq-link hq-more'
                      onClick={() =>
                        void callAsMember(listProducts, {
                          query: { ...(search ? { q: search } : {}), limit: 50, cursor: page.nextCursor },
                        }).then((more) => set({ products: [...page.products, ...more.products], nextCursor: more.nextCursor }))
                      }
                    >
                      加载更多
                    </Text>
                  )}
                </>
              )}
            </Screen>
          </Section>
        </View>
      </HqOnly>
    </View>
  );
}
