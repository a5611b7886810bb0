import type { StoreEntry } from '../stores';
import { DEMO_STORES } from './demo-catalogue';

/**
 * Where the demo brand's stores are: a flagship in each city's main shopping street, GCJ-02 (as WeChat's getLocation
 * and Chinese maps give them), plus two more Shanghai stores and one more in Hangzhou so "stores near me" has
 * neighbours to sort. Codes are the ones the demo purchases name.
 */
const FLAGSHIPS: Record<string, { address: string; lng: number; lat: number }> = {
  S0101: { address: '上海市静安区南京西路 1266 号', lng: 121.4589, lat: 31.2291 },
  S0102: { address: '杭州市上城区延安路 258 号', lng: 120.1649, lat: 30.2588 },
  S0103: { address: '南京市秦淮区中山南路 1 号', lng: 118.7841, lat: 32.0418 },
  S0104: { address: '苏州市姑苏区观前街 245 号', lng: 120.6291, lat: 31.3119 },
  S0105: { address: '宁波市海曙区中山东路 188 号', lng: 121.5602, lat: 29.8679 },
  S0201: { address: '广州市天河区天河路 208 号', lng: 113.3308, lat: 23.1372 },
  S0202: { address: '深圳市福田区华强北路 1002 号', lng: 114.0861, lat: 22.5447 },
  S0203: { address: '厦门市思明区中山路 99 号', lng: 118.0812, lat: 24.4558 },
  S0204: { address: '南宁市兴宁区朝阳路 38 号', lng: 108.3209, lat: 22.8168 },
  S0301: { address: '北京市东城区王府井大街 138 号', lng: 116.4108, lat: 39.9131 },
  S0302: { address: '天津市和平区滨江道 208 号', lng: 117.1998, lat: 39.1229 },
  S0303: { address: '石家庄市长安区中山东路 188 号', lng: 114.5151, lat: 38.0418 },
  S0401: { address: '武汉市江汉区江汉路 118 号', lng: 114.2869, lat: 30.5818 },
  S0402: { address: '长沙市芙蓉区五一大道 368 号', lng: 112.9771, lat: 28.1962 },
  S0403: { address: '郑州市二七区人民路 1 号', lng: 113.6652, lat: 34.7538 },
  S0501: { address: '成都市锦江区春熙路 8 号', lng: 104.0812, lat: 30.6561 },
  S0502: { address: '重庆市渝中区民权路 28 号', lng: 106.5771, lat: 29.5572 },
  S0503: { address: '昆明市五华区南屏街 88 号', lng: 102.7128, lat: 25.0409 },
  S0601: { address: '西安市碑林区东大街 1 号', lng: 108.9472, lat: 34.2609 },
  S0602: { address: '兰州市城关区西关什字 1 号', lng: 103.8268, lat: 36.0612 },
  S0701: { address: '沈阳市沈河区中街路 168 号', lng: 123.4651, lat: 41.8019 },
  S0702: { address: '哈尔滨市道里区中央大街 100 号', lng: 126.6198, lat: 45.7741 },
  S0703: { address: '大连市中山区青泥洼桥 8 号', lng: 121.6231, lat: 38.9188 },
};

const NEIGHBOURS: StoreEntry[] = [
  {
    code: 'S0106',
    name: '上海人民广场店',
    address: '上海市黄浦区南京东路 800 号',
    city: '上海',
    region: '华东',
    lng: 121.4783,
    lat: 31.2356,
  },
  {
    code: 'S0107',
    name: '上海陆家嘴店',
    address: '上海市浦东新区世纪大道 8 号',
    city: '上海',
    region: '华东',
    lng: 121.5021,
    lat: 31.2386,
  },
  {
    code: 'S0108',
    name: '杭州湖滨店',
    address: '杭州市上城区湖滨路 23 号',
    city: '杭州',
    region: '华东',
    lng: 120.1618,
    lat: 30.2571,
  },
];

export function demoStoreEntries(): StoreEntry[] {
  const flagships = DEMO_STORES.flatMap((store) => {
    const at = FLAGSHIPS[store.code];
    return at ? [{ ...store, ...at, openingHours: '10:00–22:00' }] : [];
  });
  return [...flagships, ...NEIGHBOURS.map((store) => ({ ...store, openingHours: '10:00–22:00' }))];
}
