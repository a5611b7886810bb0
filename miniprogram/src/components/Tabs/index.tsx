import { Text, View } from '@tarojs/components';
import './index.css';

export interface TabsProps<T extends string> {
  tabs: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
}

/** A row of tabs on a white strip, the active one underlined (as in the coupon wallet). */
export function Tabs<T extends string>({ tabs, value, onChange }: TabsProps<T>) {
  return (
    <View className='tabs'>
      {tabs.map((tab) => (
        <Text
          key={tab.value}
          className={`tabs__tab ${tab.value === value ? 'tabs__tab--active' : ''}`}
          onClick={() => tab.value !== value && onChange(tab.value)}
        >
          {tab.label}
        </Text>
      ))}
    </View>
  );
}
