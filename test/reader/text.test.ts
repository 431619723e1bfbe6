import { describe, expect, it } from 'vitest';
import { fixEncodingSlips, htmlToLine, htmlToPlainText } from '../../src/reader/text/plain.js';

describe('htmlToPlainText', () => {
  it('strips markup, decodes entities and folds whitespace', () => {
    const html = '<div>\n  <h2>Appel &agrave; projets</h2>\n<p>Montant&nbsp;: <b>10&#160;000&nbsp;&euro;</b>,\n   d&eacute;p&ocirc;t   avant le 15 mars.</p><p></p><p></p><p>Fin</p></div>';
    expect(htmlToPlainText(html)).toBe('Appel à projets\n\nMontant : 10 000 €, dépôt avant le 15 mars.\n\nFin');
  });

  it('drops scripts, styles, event handlers and javascript: links', () => {
    const html = '<p onclick="steal()">Texte <a href="javascript:alert(1)">lien</a></p><script>alert("x")</script><style>p{}</style><img src=x onerror=alert(1)>';
    const text = htmlToPlainText(html);
    expect(text).toBe('Texte lien');
  });

  it('leaves no markup even when the source escaped its HTML twice', () => {
    const text = htmlToPlainText('&lt;script&gt;alert(1)&lt;/script&gt;&amp;lt;img src=x onerror=alert(1)&amp;gt; Bonjour');
    expect(text).not.toMatch(/<\s*\/?\s*(script|img)/i);
    expect(text).toContain('Bonjour');
  });

  it('keeps plain text as it is, including a lone "<" in prose', () => {
    expect(htmlToPlainText('Budget < 5 000 € et taux > 50 %')).toBe('Budget < 5 000 € et taux > 50 %');
  });
});

describe('htmlToLine', () => {
  it('gives one line', () => {
    expect(htmlToLine('  Appel\n à <em>projets</em>  ')).toBe('Appel à projets');
  });
});

describe('fixEncodingSlips', () => {
  it('decodes text encoded twice back to French', () => {
    expect(fixEncodingSlips('La rÃ©gion Ã®le-de-France lance lâ€™appel Â«Â\u00a0numÃ©riqueÂ\u00a0Â»â€¦')).toBe('La région île-de-France lance l’appel «\u00a0numérique\u00a0»…');
    expect(htmlToPlainText('<p>DÃ©pÃ´t avant le 1er mars</p>')).toBe('Dépôt avant le 1er mars');
  });

  it('reads C1 controls as windows-1252, as browsers do for &#146;', () => {
    expect(htmlToPlainText('l&#146;appel &#150; 10&#160;000 &#128;')).toBe('l’appel – 10 000 €');
  });

  it('leaves real text alone', () => {
    for (const text of ['élève à l’école « déjà »', 'ÉTÉ» 2027', 'Ça, c’est 20 °C', 'Â ']) expect(fixEncodingSlips(text)).toBe(text);
  });
});
