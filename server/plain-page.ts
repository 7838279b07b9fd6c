// A page the server answers outside Remix (a refused request), so with no
// reader's language to choose: all three at once, Kazakh first.
export function trilingualPage(status: number, text: { kk: string; ru: string; en: string }): string {
  return `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${status}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<main>
<h1>${status}</h1>
<p lang="kk">${text.kk}</p>
<p lang="ru">${text.ru}</p>
<p lang="en">${text.en}</p>
<p><a href="/">Өркен Academy</a></p>
</main></body></html>`
}
