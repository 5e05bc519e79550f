import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { UserText } from './ui';

describe('UserText', () => {
  it("isolates a person's text so a right-to-left override in it cannot reorder what follows", () => {
    const html = renderToStaticMarkup(
      <p>
        Offer from <UserText>{'Evil\u202Egnp.exe'}</UserText> for you
      </p>,
    );
    expect(html).toBe('<p>Offer from <bdi>Evil\u202Egnp.exe</bdi> for you</p>');
  });

  it('puts a prefix (a handle\'s @) inside the isolation, and shows nothing for no text', () => {
    expect(renderToStaticMarkup(<UserText prefix="@">{'ada'}</UserText>)).toBe('<bdi>@ada</bdi>');
    expect(renderToStaticMarkup(<UserText>{null}</UserText>)).toBe('');
  });
});
