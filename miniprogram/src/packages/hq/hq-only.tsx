import { useEffect, useState, type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import { ensureSession } from '../../services/session';

type Role = 'hq' | 'manager' | undefined;

/**
 * The HQ console's gate on this device: someone who is not HQ (a member with an old link, a manager) is told whose
 * area this is. The server refuses them anyway: this only spares them a screen of errors. `role` is what this device
 * knew at render; a console page opened first (a bookmark in a desktop browser) signs in before deciding.
 */
export function HqOnly({ role, children }: PropsWithChildren<{ role: Role }>) {
  const [known, setKnown] = useState<{ role: Role; checked: boolean }>({ role, checked: role === 'hq' });
  useEffect(() => {
    if (known.checked) return;
    let live = true;
    void ensureSession()
      .then((session) => live && setKnown({ role: session.member.staffRole, checked: true }))
      .catch(() => live && setKnown((current) => ({ ...current, checked: true })));
    return () => {
      live = false;
    };
  }, [known.checked]);
  if (known.role === 'hq') return <>{children}</>;
  if (!known.checked) return <View className='hq-gate' data-testid='hq-gate-checking' />;
  return (
    <View className='hq-gate' data-testid='hq-gate'>
      <Text className='hq-gate__title'>总部后台仅限总部账号使用</Text>
      <Text className='hq-gate__hint'>如需权限，请联系品牌总部为你开通</Text>
    </View>
  );
}
