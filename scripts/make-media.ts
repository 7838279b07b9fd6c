// Builds the course media that lessons link to under /media (content/media):
// the two printable checklists (PDF, Kazakh page then Russian page), the
// captions of the early-signs video and, when ffmpeg is installed, the video
// itself. The SVG figures are written by hand and not touched here.
// Run twice, it writes the same bytes: dates, producer and encoder flags are fixed.
//   node --import tsx scripts/make-media.ts
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'

const MEDIA = path.resolve('content/media')
const FONT_DIR = path.resolve('node_modules/dejavu-fonts-ttf/ttf')
const FIXED_DATE = new Date('2025-09-01T00:00:00Z')
const PRODUCER = 'Өркен Academy scripts/make-media.ts (pdf-lib)'

// ---------------------------------------------------------------- PDF sheets

type Block =
  | { kind: 'title'; text: string; sub: string }
  | { kind: 'fields'; labels: string[] }
  | { kind: 'heading'; text: string }
  | { kind: 'check'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'callout'; tone: 'warning' | 'info'; title: string; text: string }
  | { kind: 'table'; columns: string[]; rows: number }
  | { kind: 'lines'; label: string; count: number }

interface SheetPage {
  footer: string
  blocks: Block[]
}

interface Sheet {
  file: string
  title: string
  subject: string
  keywords: string[]
  pages: SheetPage[]
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 36
const WIDTH = A4[0] - 2 * MARGIN
const INK = rgb(0.1, 0.125, 0.17)
const MUTED = rgb(0.2, 0.25, 0.33)
const RULE = rgb(0.55, 0.58, 0.62)
const TONES: Record<'warning' | 'info', { fill: RGB; stroke: RGB }> = {
  warning: { fill: rgb(0.992, 0.925, 0.918), stroke: rgb(0.706, 0.137, 0.094) },
  info: { fill: rgb(0.91, 0.945, 0.984), stroke: rgb(0.114, 0.373, 0.659) },
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word
    if (!line || font.widthOfTextAtSize(candidate, size) <= width) line = candidate
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  return lines
}

/** Lays blocks out top to bottom, starting a new page when one is full. */
class Writer {
  private page!: PDFPage
  private y = 0

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly footer: string,
  ) {
    this.addPage()
  }

  private addPage() {
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN
    this.page.drawLine({ start: { x: MARGIN, y: MARGIN + 4 }, end: { x: A4[0] - MARGIN, y: MARGIN + 4 }, thickness: 0.5, color: RULE })
    this.page.drawText(this.footer, { x: MARGIN, y: MARGIN - 8, size: 7.5, font: this.regular, color: MUTED })
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN + 12) this.addPage()
  }

  private lines(lines: string[], font: PDFFont, size: number, x: number, color: RGB = INK, leading = size * 1.3) {
    for (const line of lines) {
      this.page.drawText(line, { x, y: this.y - size, size, font, color })
      this.y -= leading
    }
  }

  write(block: Block) {
    switch (block.kind) {
      case 'title': {
        this.lines(wrap(block.text, this.bold, 17, WIDTH), this.bold, 17, MARGIN)
        this.y -= 2
        this.lines(wrap(block.sub, this.regular, 9.5, WIDTH), this.regular, 9.5, MARGIN, MUTED)
        this.y -= 8
        return
      }
      case 'fields': {
        this.ensure(24)
        const cell = WIDTH / block.labels.length
        block.labels.forEach((label, i) => {
          const x = MARGIN + i * cell
          const labelWidth = this.regular.widthOfTextAtSize(`${label}:`, 9)
          this.page.drawText(`${label}:`, { x, y: this.y - 14, size: 9, font: this.regular, color: INK })
          this.page.drawLine({ start: { x: x + labelWidth + 4, y: this.y - 16 }, end: { x: x + cell - 10, y: this.y - 16 }, thickness: 0.6, color: RULE })
        })
        this.y -= 24
        return
      }
      case 'heading': {
        this.ensure(40)
        this.y -= 5
        this.lines(wrap(block.text, this.bold, 11, WIDTH), this.bold, 11, MARGIN)
        this.y -= 2
        return
      }
      case 'check': {
        const lines = wrap(block.text, this.regular, 9.5, WIDTH - 18)
        this.ensure(lines.length * 12 + 2)
        this.page.drawRectangle({ x: MARGIN + 2, y: this.y - 10, width: 8, height: 8, borderColor: INK, borderWidth: 0.8 })
        this.lines(lines, this.regular, 9.5, MARGIN + 18, INK, 12)
        this.y -= 2
        return
      }
      case 'text': {
        const lines = wrap(block.text, this.regular, 9.5, WIDTH)
        this.ensure(lines.length * 12.5 + 4)
        this.y -= 4
        this.lines(lines, this.regular, 9.5, MARGIN, INK, 12.5)
        this.y -= 3
        return
      }
      case 'callout': {
        const inner = WIDTH - 24
        const title = wrap(block.title, this.bold, 9.5, inner)
        const text = wrap(block.text, this.regular, 9.5, inner)
        const height = (title.length + text.length) * 12.5 + 14
        this.ensure(height + 8)
        this.y -= 4
        const tone = TONES[block.tone]
        this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: WIDTH, height, color: tone.fill })
        this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: 4, height, color: tone.stroke })
        this.y -= 7
        this.lines(title, this.bold, 9.5, MARGIN + 14, INK, 12.5)
        this.lines(text, this.regular, 9.5, MARGIN + 14, INK, 12.5)
        this.y -= 11
        return
      }
      case 'table': {
        const col = WIDTH / block.columns.length
        const heads = block.columns.map((c) => wrap(c, this.bold, 8.5, col - 8))
        const headHeight = Math.max(...heads.map((h) => h.length)) * 11 + 8
        const rowHeight = 46
        this.ensure(headHeight + rowHeight * block.rows)
        const top = this.y
        const bottom = top - headHeight - rowHeight * block.rows
        this.page.drawRectangle({ x: MARGIN, y: top - headHeight, width: WIDTH, height: headHeight, color: TONES.info.fill })
        heads.forEach((head, i) => {
          this.y = top - 4
          this.lines(head, this.bold, 8.5, MARGIN + i * col + 4, INK, 11)
        })
        for (let r = 0; r <= block.rows; r++) {
          const y = top - headHeight - r * rowHeight
          this.page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + WIDTH, y }, thickness: 0.6, color: RULE })
        }
        for (let c = 0; c <= block.columns.length; c++) {
          const x = MARGIN + c * col
          this.page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.6, color: RULE })
        }
        this.page.drawLine({ start: { x: MARGIN, y: top }, end: { x: MARGIN + WIDTH, y: top }, thickness: 0.6, color: RULE })
        this.y = bottom - 8
        return
      }
      case 'lines': {
        this.ensure(18 * block.count + 14)
        this.lines([block.label], this.bold, 9.5, MARGIN, INK, 12.5)
        for (let i = 0; i < block.count; i++) {
          this.y -= 18
          this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.6, color: RULE })
        }
        this.y -= 8
        return
      }
    }
  }
}

async function renderSheet(sheet: Sheet): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(fontkit)
  const regular = await doc.embedFont(fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')), { subset: true })
  const bold = await doc.embedFont(fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')), { subset: true })
  doc.setTitle(sheet.title, { showInWindowTitleBar: true })
  doc.setSubject(sheet.subject)
  doc.setKeywords(sheet.keywords)
  doc.setAuthor('Өркен Academy')
  doc.setCreator('Өркен Academy')
  doc.setProducer(PRODUCER)
  doc.setLanguage('kk')
  doc.setCreationDate(FIXED_DATE)
  doc.setModificationDate(FIXED_DATE)
  for (const page of sheet.pages) {
    const writer = new Writer(doc, regular, bold, page.footer)
    for (const block of page.blocks) writer.write(block)
  }
  return doc.save()
}

const check = (text: string): Block => ({ kind: 'check', text })
const heading = (text: string): Block => ({ kind: 'heading', text })

// The steps of "Буллинг оқиғасына алғашқы әрекет қадам-қадаммен" (module 3).
const incidentChecklist: Sheet = {
  file: 'bullying-prevention/incident-checklist.pdf',
  title: 'Буллинг оқиғасына әрекет ету / Реагирование на случай буллинга',
  subject: 'Педагогке арналған тексеру парағы / Чек-лист для педагога',
  keywords: ['буллинг', 'тексеру парағы', 'чек-лист'],
  pages: [
    {
      footer: 'Өркен Academy · «Мектептегі буллингтің алдын алу» курсы, 3-модуль «Буллинг жағдайына әрекет ету»',
      blocks: [
        {
          kind: 'title',
          text: 'Буллинг оқиғасына әрекет ету: педагогке арналған тексеру парағы',
          sub: 'Мұғалімдер бөлмесінде ұстаңыз. Әр қадамды орындаған соң белгілеңіз.',
        },
        { kind: 'fields', labels: ['Күні, уақыты', 'Орны', 'Педагог'] },
        heading('1. Тоқтату'),
        check('Дереу араласыңыз, бірақ дауысыңызды көтермеңіз.'),
        check('Әрекетті атаңыз: «Тоқта. Бұл – мазақ, біздің мектепте бұған жол жоқ».'),
        check('Балаларды бір-бірінен алыстатып, жиналған көрерменді таратыңыз.'),
        check('Сол жерде тергеу жүргізбеңіз, көпшілік алдында кешірім сұратпаңыз.'),
        heading('2. Қауіпсіздік'),
        check('Жәбір көрген баланың жағдайын бағалаңыз: жарақат алды ма, медбике керек пе, ол қазір қай жерде өзін қауіпсіз сезінеді?'),
        check('Баланы жалғыз қалдырмаңыз, бірақ көпшіліктің көзінше сұрақтың астына алмаңыз.'),
        check(
          'Қауіп жоғары болса (дене жарақаты, қорқыту, ақша бопсалау, интимдік суреттерді тарату, өзіне зиян келтіру туралы сөз) – дереу мектеп әкімшілігі мен психологқа хабарлаңыз.',
        ),
        {
          kind: 'callout',
          tone: 'warning',
          title: 'Кідіртуге болмайды',
          text: 'Бала «өмір сүргім келмейді», «бәрін тоқтатқым келеді» деп айтса не жазса, оны бір минутқа да жалғыз қалдырмаңыз және дереу психологқа, әкімшілікке хабарлаңыз. Бұл – құпия сақталатын жағдай емес.',
        },
        heading('3. Хабарлау және тіркеу'),
        check('Сол күні сынып жетекшісіне және мектептегі жауапты адамға хабарлаңыз.'),
        check('Фактілерді жазыңыз: күні, уақыты, орны, кім қатысты, не болды, не айтылды, қандай шара қолданылды.'),
        check('Онлайн оқиғада күні мен авторы көрінетін скриншоттарды сақтаңыз.'),
        heading('4. Жәбір көрген баламен әңгіме – оңаша, сабақтан тыс уақытта'),
        check('Қауіпсіздік сезімін беріңіз: «Сенің кінәң жоқ».'),
        check('Ашық сұрақтар қойыңыз; сенетініңізді көрсетіңіз, бірақ асықпай фактілерді жинаңыз.'),
        check('Қауіпсіздік жоспарын бірге жасаңыз: үзілісте қайда болады, кімге жүгінеді, кіммен қайтады.'),
        check('Енді не болатынын және кімге хабарлайтыныңызды түсіндіріңіз.'),
        heading('5. Бастамашымен әңгіме – жеке, жәбір көрген баладан бөлек'),
        check('Адамды емес, әрекетті бағалаңыз; фактілерді сабырлы атаңыз.'),
        check('Салдарын талқылаңыз және нақты талап қойыңыз: мазақ тоқтайды, жазба өшіріледі.'),
        check('Зиянды қалай түзетуге болатынын бірге ойластырыңыз; бақылау әңгімесінің күнін айтыңыз.'),
        check('Бірнеше бала қатысса, әрқайсысымен жеке сөйлесіңіз.'),
        heading('6. Шаралар жоспары – сынып жетекшісі, психолог, тәрбие ісі жөніндегі орынбасар'),
        check('Жәбір көрген балаға қандай қолдау көрсетіледі; бастамашымен кім және қалай жұмыс істейді.'),
        check('Сыныппен қандай сабақ өткізіледі; ата-аналарға кім хабарлайды.'),
        check('Бақылау әңгімелерінің күні; әр шараның жауаптысы мен мерзімі.'),
        {
          kind: 'callout',
          tone: 'info',
          title: 'Жасамаңыз',
          text: 'Екі баланы бірден бетпе-бет кездестірмеңіз. «Өзің де бірдеңе істеген шығарсың», «Оларға мән берме» демеңіз. Бастамашыны көпшілік алдында ұялтпаңыз – бұл буллингке буллингпен жауап беру.',
        },
      ],
    },
    {
      footer: 'Өркен Academy · курс «Профилактика буллинга в школе», модуль 3 «Реагирование на случаи буллинга»',
      blocks: [
        {
          kind: 'title',
          text: 'Реагирование на случай буллинга: чек-лист для педагога',
          sub: 'Держите в учительской. Отмечайте каждый шаг, когда он выполнен.',
        },
        { kind: 'fields', labels: ['Дата, время', 'Место', 'Педагог'] },
        heading('1. Остановить'),
        check('Вмешайтесь сразу, но не повышайте голос.'),
        check('Назовите происходящее: «Стоп. Это издевательство, в нашей школе так нельзя».'),
        check('Разведите детей, попросите собравшихся зрителей разойтись.'),
        check('Не устраивайте разбирательство на месте и не требуйте публичных извинений.'),
        heading('2. Безопасность'),
        check('Оцените состояние пострадавшего: есть ли травмы, нужна ли медсестра, где ему сейчас будет спокойно?'),
        check('Не оставляйте ребёнка одного, но и не расспрашивайте его при всех.'),
        check(
          'Если риск высокий (телесные повреждения, угрозы, вымогательство, распространение интимных изображений, слова о причинении себе вреда) – немедленно сообщите администрации школы и психологу.',
        ),
        {
          kind: 'callout',
          tone: 'warning',
          title: 'Нельзя откладывать',
          text: 'Если ребёнок говорит или пишет «не хочу жить», «хочу, чтобы всё закончилось», не оставляйте его одного ни на минуту и немедленно сообщите психологу и администрации. Это не та ситуация, когда можно хранить тайну.',
        },
        heading('3. Сообщить и зафиксировать'),
        check('В тот же день сообщите классному руководителю и ответственному лицу в школе.'),
        check('Запишите факты: дата, время, место, кто участвовал, что произошло, что было сказано, какие меры приняты.'),
        check('При кибербуллинге сохраните скриншоты, на которых видны дата и автор.'),
        heading('4. Разговор с пострадавшим – наедине, во внеурочное время'),
        check('Дайте ощущение безопасности: «Ты ни в чём не виноват».'),
        check('Задавайте открытые вопросы; покажите, что верите, но не спешите с выводами – собирайте факты.'),
        check('Вместе составьте план безопасности: где он будет на переменах, к кому обратится, с кем пойдёт домой.'),
        check('Объясните, что будет дальше и кому вы сообщите.'),
        heading('5. Разговор с инициатором – отдельно от пострадавшего'),
        check('Оценивайте поступок, а не личность; спокойно назовите факты.'),
        check('Обсудите последствия и поставьте чёткое требование: насмешки прекращаются, пост удаляется.'),
        check('Вместе подумайте, как загладить вред; назовите дату контрольной беседы.'),
        check('Если участвовали несколько детей, поговорите с каждым отдельно.'),
        heading('6. План мер – классный руководитель, психолог, заместитель директора по воспитательной работе'),
        check('Какую поддержку получит пострадавший; кто и как работает с инициатором.'),
        check('Какое занятие пройдёт с классом; кто сообщит родителям.'),
        check('Даты контрольных бесед; ответственный и срок для каждой меры.'),
        {
          kind: 'callout',
          tone: 'info',
          title: 'Не делайте',
          text: 'Не сводите детей лицом к лицу сразу. Не говорите «Наверное, ты сам что-то сделал», «Не обращай внимания». Не стыдите инициатора публично – это ответ на травлю травлей.',
        },
      ],
    },
  ],
}

// The five points of "Айдар тақпай бақылау" (module 2) as a form.
const observationSheet: Sheet = {
  file: 'child-wellbeing/observation-sheet.pdf',
  title: 'Оқушыны бақылау парағы / Лист наблюдения за учеником',
  subject: 'Айдар тақпай бақылау / Наблюдение без ярлыков',
  keywords: ['бақылау', 'наблюдение', 'күйзеліс', 'неблагополучие'],
  pages: [
    {
      footer: 'Өркен Academy · «Балалардың психологиялық әл-ауқаты» курсы, 2-модуль «Күйзелістің ерте белгілері» · Құпия ақпарат',
      blocks: [
        {
          kind: 'title',
          text: 'Оқушыны бақылау парағы',
          sub: 'Айдар емес, дерек. Бақылау – көруге немесе естуге болатын нәрсе: нақты әрекет, сөз, уақыт пен жағдай.',
        },
        { kind: 'fields', labels: ['Оқушы (аты-жөні немесе коды)', 'Сынып'] },
        { kind: 'fields', labels: ['Педагог', 'Кезең: басы – соңы'] },
        {
          kind: 'callout',
          tone: 'info',
          title: 'Жазбаны тексеріңіз',
          text: 'Мұны көруге не естуге бола ма? Болса – бұл бақылау. Болмаса – бұл сіздің түсіндірмеңіз: оны бөлек, «менің болжамым» деген белгімен жазыңыз.',
        },
        heading('Жазбалар – сол күні, қысқаша'),
        {
          kind: 'table',
          columns: [
            '1. Қашан және қайда (күні, уақыты, сабақ не үзіліс)',
            '2. Не болды (баланың және басқалардың әрекеті)',
            '3. Баланың нақты сөздері «тырнақшада»',
            '4. Сіз не істедіңіз',
            '5. Кімге және қашан жеткіздіңіз',
          ],
          rows: 5,
        },
        { kind: 'lines', label: 'Менің болжамым (бөлек):', count: 2 },
        heading('Жазбадағы жиі кездесетін қателерден аулақ болыңыз'),
        check('«Әрдайым», «ешқашан», «үнемі» емес – нақты жағдайлар саны.'),
        check('Қауесет емес («үйінде бірдеңе болған дейді») – өзім көрген не естіген дерек.'),
        check('Медициналық терминдер мен диагноздар жоқ: оны тек маман қояды.'),
        check('Сол күні жазылды, бір аптадан кейін есте қалғаны емес.'),
        {
          kind: 'text',
          text: 'Қайда бақылау керек: сабақтың алғашқы минуттары, үзіліс, асхана, топтық жұмыс, жазба жұмыстары. Бірнеше аптадағы жалпы көрініс маңызды: мінез-құлық қайталана ма, қай күндері, қандай оқиғалардан кейін.',
        },
        {
          kind: 'callout',
          tone: 'warning',
          title: 'Сол күні әрекет етіңіз',
          text: 'Өзіне зиян келтіру белгілерін байқасаңыз, баланы жалғыз қалдырмаңыз, бірден педагог-психологқа және әкімшілікке хабарлаңыз. Өміріне қауіп төнсе – 112. Парақты бөгде адамдар қол жеткізбейтін жерде сақтаңыз, суретке түсірмеңіз, мессенджермен жібермеңіз; тек көмекке қатысатындарға, ең алдымен педагог-психологқа беріңіз.',
        },
      ],
    },
    {
      footer: 'Өркен Academy · курс «Психологическое благополучие детей», модуль 2 «Ранние признаки неблагополучия» · Конфиденциально',
      blocks: [
        {
          kind: 'title',
          text: 'Лист наблюдения за учеником',
          sub: 'Факт, а не ярлык. Наблюдение – то, что можно увидеть или услышать: конкретные действия, слова, время и обстоятельства.',
        },
        { kind: 'fields', labels: ['Ученик (ФИО или код)', 'Класс'] },
        { kind: 'fields', labels: ['Педагог', 'Период: с – по'] },
        {
          kind: 'callout',
          tone: 'info',
          title: 'Проверка записи',
          text: 'Можно ли это увидеть или услышать? Если да – это наблюдение. Если нет – это ваша интерпретация: запишите её отдельно, с пометкой «моё предположение».',
        },
        heading('Записи – в тот же день, коротко'),
        {
          kind: 'table',
          columns: [
            '1. Когда и где (дата, время, урок или перемена)',
            '2. Что произошло (действия ребёнка и других)',
            '3. Точные слова ребёнка «в кавычках»',
            '4. Что сделали вы',
            '5. Кому и когда передали информацию',
          ],
          rows: 5,
        },
        { kind: 'lines', label: 'Моё предположение (отдельно):', count: 2 },
        heading('Избегайте типичных ошибок в записях'),
        check('Не «всегда», «никогда», «постоянно» – конкретное число случаев.'),
        check('Не слухи («говорят, что у них дома...») – то, что я сам видел или слышал.'),
        check('Никаких медицинских терминов и диагнозов: их ставит только специалист.'),
        check('Записано в тот же день, а не через неделю по памяти.'),
        {
          kind: 'text',
          text: 'Где наблюдать: первые минуты урока, перемены, столовая, групповая работа, письменные работы. Важна картина за несколько недель: повторяется ли поведение, в какие дни, после каких событий.',
        },
        {
          kind: 'callout',
          tone: 'warning',
          title: 'Действуйте в тот же день',
          text: 'Если заметили признаки риска самоповреждения, не оставляйте ребёнка одного и сразу сообщите педагогу-психологу и администрации. При угрозе жизни – 112. Храните лист там, где он недоступен посторонним, не фотографируйте и не пересылайте в мессенджерах; передавайте только тем, кто участвует в помощи, прежде всего педагогу-психологу.',
        },
      ],
    },
  ],
}

// ------------------------------------------------------- video and captions

interface Card {
  seconds: number
  /** Kazakh lines on the card: a title, then up to three lines. */
  lines: [string, ...string[]]
  kk: string
  ru: string
}

// The early signs of distress from "Күйзелістің ерте белгілері" (module 2, lesson 1).
const earlySigns: Card[] = [
  {
    seconds: 3,
    lines: ['Күйзелістің ерте белгілері', 'мұғалім нені байқай алады'],
    kk: 'Күйзелістің ерте белгілері:\nмұғалім нені байқай алады',
    ru: 'Ранние признаки неблагополучия:\nчто может заметить учитель',
  },
  {
    seconds: 4.5,
    lines: ['Басты бағдар — өзгеріс', 'Баланы басқалармен емес,', 'бір ай бұрынғы өзімен салыстырыңыз'],
    kk: 'Басты бағдар — өзгеріс. Баланы басқалармен емес,\nбір ай бұрынғы өзімен салыстырыңыз.',
    ru: 'Главный ориентир — изменение. Сравнивайте ребёнка\nне с другими, а с ним самим месяц назад.',
  },
  {
    seconds: 4.5,
    lines: ['Үш сұрақ', 'Әдеттегіден қаншалықты өзгеше?', 'Екі аптадан астам сақтала ма?', 'Оқуға, араласуға кедергі ме?'],
    kk: 'Әдеттегіден қаншалықты өзгеше? Екі аптадан\nастам сақтала ма? Оқуға, араласуға кедергі ме?',
    ru: 'Насколько это отличается от обычного? Держится ли\nдве недели и дольше? Мешает ли учиться и общаться?',
  },
  {
    seconds: 4.5,
    lines: ['Өзгерісті қайдан іздеу керек', 'мінез-құлық · көңіл-күй · оқу', 'ұйқы мен денсаулық', 'қарым-қатынас · цифрлық орта'],
    kk: 'Өзгерісті іздеңіз: мінез-құлық, көңіл-күй, оқу,\nұйқы мен денсаулық, қарым-қатынас, цифрлық орта.',
    ru: 'Где искать изменения: поведение, настроение, учёба,\nсон и самочувствие, общение, цифровая среда.',
  },
  {
    seconds: 4.5,
    lines: ['Алаңдатарлық белгілер', 'өлу, жоғалып кету туралы сөздер', 'заттарын таратып беру, қоштасу', 'кенет орнаған тыныштық'],
    kk: 'Алаңдатарлық белгілер: өлу, жоғалып кету туралы сөздер,\nзаттарын таратып беру, кенет орнаған тыныштық.',
    ru: 'Тревожные сигналы: слова о желании исчезнуть или умереть,\nраздаривание вещей, неожиданное спокойствие.',
  },
  {
    seconds: 4.5,
    lines: ['Сол күні әрекет етіңіз', 'баланы жалғыз қалдырмаңыз', 'педагог-психолог, әкімшілік', 'өміріне қауіп төнсе — 112'],
    kk: 'Сол күні әрекет етіңіз: баланы жалғыз қалдырмаңыз,\nпсихологқа, әкімшілікке хабарлаңыз. Қауіп төнсе — 112.',
    ru: 'Действуйте в тот же день: не оставляйте ребёнка одного,\nсообщите психологу и администрации. Угроза жизни — 112.',
  },
  {
    seconds: 4.5,
    lines: ['Мұғалімнің міндеті', 'байқау, назардан тыс қалдырмау', 'және көмектесе алатындарға жеткізу'],
    kk: 'Мұғалімнің міндеті — байқау, назардан тыс қалдырмау\nжәне көмектесе алатын адамдарға жеткізу.',
    ru: 'Задача учителя — заметить, не пройти мимо\nи передать тем, кто может помочь.',
  },
]

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000)
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor(ms / 60_000) % 60
  const s = Math.floor(ms / 1000) % 60
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`
}

function captions(cards: Card[], lang: 'kk' | 'ru'): string {
  let start = 0
  const cues = cards.map((card, i) => {
    const cue = `${i + 1}\n${timestamp(start)} --> ${timestamp(start + card.seconds)}\n${card[lang]}\n`
    start += card.seconds
    return cue
  })
  return `WEBVTT\n\n${cues.join('\n')}`
}

function findFfmpeg(): string | null {
  for (const candidate of ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg']) if (fs.existsSync(candidate)) return candidate
  return null
}

/** Title cards drawn with drawtext, a silent AAC track, H.264 with faststart. */
function renderVideo(ffmpeg: string, cards: Card[], out: string) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-media-'))
  try {
    const total = cards.reduce((sum, c) => sum + c.seconds, 0)
    const regular = path.join(FONT_DIR, 'DejaVuSans.ttf')
    const bold = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')
    const filters = [
      'drawbox=x=0:y=0:w=10:h=ih:color=0xf4a261:t=fill',
      `drawtext=fontfile=${bold}:text='Өркен Academy':fontsize=15:fontcolor=0xa8dadc:x=w-tw-24:y=h-th-20`,
    ]
    let start = 0
    cards.forEach((card, i) => {
      const end = start + card.seconds
      // Fade each card in and out over 0.4 s.
      const alpha = `min(1\\,min((t-${start})/0.4\\,(${end}-t)/0.4))`
      const blockHeight = 44 + 18 + (card.lines.length - 1) * 38
      let y = Math.round((360 - blockHeight) / 2)
      card.lines.forEach((line, j) => {
        // A text file per line keeps quotes and colons out of the filter syntax.
        const file = path.join(tmp, `card-${i}-${j}.txt`)
        fs.writeFileSync(file, line)
        const title = j === 0
        filters.push(
          `drawtext=fontfile=${title ? bold : regular}:textfile=${file}:fontsize=${title ? 30 : 24}:fontcolor=${title ? 'white' : '0xf1faee'}` +
            `:x=(w-tw)/2:y=${y}:enable='between(t\\,${start}\\,${end})':alpha='${alpha}'`,
        )
        y += title ? 62 : 38
      })
      start = end
    })
    execFileSync(
      ffmpeg,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        `color=c=0x1d3557:s=640x360:r=25:d=${total}`,
        '-f',
        'lavfi',
        '-i',
        `anullsrc=r=44100:cl=mono`,
        '-vf',
        filters.join(','),
        '-t',
        String(total),
        '-c:v',
        'libx264',
        '-preset',
        'slow',
        '-tune',
        'stillimage',
        '-crf',
        '24',
        '-pix_fmt',
        'yuv420p',
        '-g',
        '50',
        '-threads',
        '1',
        '-c:a',
        'aac',
        '-b:a',
        '32k',
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:v',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        '-movflags',
        '+faststart',
        out,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

// ------------------------------------------------------------------- main

function write(relative: string, bytes: Uint8Array | string) {
  const file = path.join(MEDIA, relative)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, bytes)
  console.log(`${path.relative(process.cwd(), file)}  ${fs.statSync(file).size} bytes`)
}

for (const sheet of [incidentChecklist, observationSheet]) write(sheet.file, await renderSheet(sheet))
write('child-wellbeing/early-signs.kk.vtt', captions(earlySigns, 'kk'))
write('child-wellbeing/early-signs.ru.vtt', captions(earlySigns, 'ru'))

const ffmpeg = findFfmpeg()
if (ffmpeg) {
  const out = path.join(MEDIA, 'child-wellbeing/early-signs.mp4')
  renderVideo(ffmpeg, earlySigns, out)
  console.log(`${path.relative(process.cwd(), out)}  ${fs.statSync(out).size} bytes`)
} else {
  console.warn('No ffmpeg: early-signs.mp4 left as it is.')
}
