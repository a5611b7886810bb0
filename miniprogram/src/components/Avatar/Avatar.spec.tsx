import { render, screen } from '@testing-library/react';
import { Avatar, initialOf, toneOf } from './index';

describe('Avatar', () => {
  it('shows the photo when there is one', () => {
    const { container } = render(<Avatar name='小满' url='https://img.example/a.png' />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://img.example/a.png');
  });

  it('stands in with the nickname’s first character, the same tone for the same name', () => {
    render(<Avatar name='小满' />);
    expect(screen.getByText('小')).toBeTruthy();
    expect(initialOf('  amy ')).toBe('A');
    expect(initialOf(null)).toBe('会');
    expect(initialOf('😀 Joy')).toBe('😀');
    expect(toneOf('小满')).toBe(toneOf('小满'));
  });
});
