import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';

/**
 * The HQ console's gate on this device: someone who is not HQ (a member with an old link, a manager) is told whose
 * area this is. The server refuses them anyway: this only spares them a screen of errors.
 */
export function HqOnly({ role, children }: PropsWithChildren<{ role: 'hq' | 'manager' | undefined }>) {
  if (role === 'hq') return <>{children}</>;
  return (
    <View className='hq-gate' data-testid='hq-gate'>
      <Text className='hq-gate__title'>总部后台仅限总部账号使用</Text>
      <Text className='hq-gate__hint'>如需权限，请联系品牌总部为你开通</Text>
    </View>
  );
}
