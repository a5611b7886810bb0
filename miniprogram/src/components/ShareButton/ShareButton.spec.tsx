import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { h5LinkTo, ShareButton } from './index';

describe('ShareButton in the H5 build', () => {
  it('links a friend to the same page, without the sharer’s demo account', () => {
    expect(h5LinkTo('/packages/group-buy/group?id=abc', { origin: 'https://m.example', pathname: '/' })).toBe(
      'https://m.example/#/packages/group-buy/group?id=abc',
    );
    expect(h5LinkTo('pages/index/index?invite=K7M2QX9P', { origin: 'https://m.example', pathname: '/app/' })).toBe(
      'https://m.example/app/#/pages/index/index?invite=K7M2QX9P',
    );
  });

  it('copies the link when tapped', async () => {
    (Taro.setClipboardData as jest.Mock).mockResolvedValue({});
    render(<ShareButton path='/packages/assist/index?taskId=t1'>邀请好友助力</ShareButton>);
    fireEvent.click(screen.getByText('邀请好友助力'));
    await Promise.resolve();
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: `${window.location.origin}/#/packages/assist/index?taskId=t1` });
  });
});
