import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/domain/category.js';
import { classify, classifyWithDetails, confidenceLevel } from '../../shared/domain/classifier/index.js';
import { CONFIDENT_FROM } from '../../shared/domain/confidence.js';
import { aMail, attachment, heemstede, newsletterToolHeaders, pdfAttachment } from '../support/builders.js';

// All texts below are written for these tests.

const NEWSLETTER_TOOL_LETTER = `Bekijk deze e-mail in je browser

Geachte griffier,

Wilt u onderstaande brief van ons platform doorsturen aan de leden van uw gemeenteraad? Hartelijk dank.

Geachte raadsleden,

Overal in het land sluiten speeltuinen omdat vrijwilligers de keuring en het onderhoud niet meer kunnen betalen.
Een speeltuin is vaak de enige plek in de wijk waar kinderen vrij en veilig kunnen spelen en ouders elkaar ontmoeten.
Wij vragen u om in de begroting 2027 een vast bedrag op te nemen voor het onderhoud van buurtspeeltuinen
en de speeltuinverenigingen te betrekken bij nieuwe plannen voor de openbare ruimte.

Met vriendelijke groet,

Femke Jorritsma
voorzitter Landelijk Platform Buurtspeeltuinen

U ontvangt deze e-mail omdat uw adres is opgenomen als contactadres van de gemeenteraad.
Afmelden | Voorkeuren wijzigen
© 2026 Landelijk Platform Buurtspeeltuinen`;

describe('classify', () => {
  describe('letters to the council', () => {
    it('keeps a letter sent through a newsletter tool an advocacy letter', () => {
      // Prepare
      const mail = aMail({
        from: 'Landelijk Platform Buurtspeeltuinen <brieven@buurtspeeltuinen.example>',
        subject: 'Brief aan de gemeenteraad: houd de buurtspeeltuin open',
        text: NEWSLETTER_TOOL_LETTER,
        allHeaders: newsletterToolHeaders(),
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.forward).toBe(true);
      expect(result.organisation).toBe('Landelijk Platform Buurtspeeltuinen');
      expect(result.reasons).toContain('vraagt om verspreiding onder de raadsleden');
    });

    it('reads a letter that only lives in the PDF behind a one-line body', () => {
      // Prepare
      const pdf = [
        'Stichting Groene Singels Haarlemmermeer',
        'Aan de gemeenteraad van Heemstede',
        'Betreft: behoud van de bomenrij langs de Vaart',
        'Geachte leden van de raad,',
        'Met zorg hebben wij kennisgenomen van het plan om veertig iepen te kappen voor een bredere rijbaan.',
        'Wij verzoeken u het college te vragen eerst een variant met behoud van de bomen uit te werken.',
        'Met vriendelijke groet,',
        'Sanne Kuiper',
        'secretaris Stichting Groene Singels Haarlemmermeer',
      ].join('\n');
      const mail = aMail({
        from: 'S. Kuiper <secretariaat@groenesingels.example>',
        subject: 'bomen Vaart',
        text: 'Zie bijlage.',
        attachments: [pdfAttachment(pdf, 'scan-0042.pdf')],
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.organisation).toBe('Stichting Groene Singels Haarlemmermeer');
      expect(result.topics).toContain('natuur');
    });

    it('judges an inline forward by the forwarded letter, not by the colleague who forwarded it', () => {
      // Prepare
      const text = [
        'Ter info, kwam binnen via het algemene adres.',
        '',
        '---------- Forwarded message ---------',
        'Van: Kees Brouwer <kees.brouwer1957@gmail.com>',
        'Date: ma 2 feb 2026 om 08:14',
        'Subject: Parkeeroverlast Bronsteeweg',
        'To: <info@heemstede.nl>',
        '',
        'Geachte gemeenteraad,',
        '',
        'Ik woon al dertig jaar aan de Bronsteeweg. Sinds het nieuwe parkeerbeleid staat de straat elke avond vol met',
        'auto\'s van bezoekers van de sporthal, ook op de stoep. Mijn vrouw loopt met een rollator en kan er niet langs.',
        'Ik vraag u om handhaving op het stoepparkeren en een bezoekersregeling voor bewoners.',
        '',
        'Met vriendelijke groet,',
        'Kees Brouwer',
      ].join('\n');
      const mail = aMail({ from: 'Klantcontactcentrum <kcc@heemstede.nl>', subject: 'Fwd: Parkeeroverlast Bronsteeweg', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.forward).toBe(true);
      expect(result.organisation).toBeNull();
      expect(result.topics).toContain('verkeer');
    });

    it('judges a reply by what the resident adds, not by the quoted answer from the griffie', () => {
      // Prepare
      const text = [
        'Geachte griffie,',
        '',
        'Dank voor uw antwoord. Toch wil ik de raadsleden vragen om mijn klacht mee te nemen bij de evaluatie van',
        'het afvalbeleid: de ondergrondse container in onze straat is al drie weken kapot en niemand komt hem maken.',
        'Ik hoop dat u mijn bericht aan de raadsleden wilt doorsturen.',
        '',
        'Met vriendelijke groet,',
        'Ans Visser',
        '',
        'Op 3 feb 2026 om 10:02 schreef Griffie Heemstede <griffie@heemstede.nl>:',
        '> Geachte mevrouw Visser,',
        '> Uw bericht is doorgestuurd naar de afdeling afval. Zij nemen contact met u op.',
        '> Met vriendelijke groet, de griffie',
      ].join('\n');
      const mail = aMail({ from: 'Ans Visser <ans.visser@ziggo.nl>', subject: 'Re: Container Postlaan', text, headers: { inReplyTo: 'abc@heemstede.nl' } });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
    });

    it('reads an HTML-only letter from the text derived from its HTML', () => {
      // Prepare
      const text = [
        'Beste raadsleden,',
        'Als moeder van drie kinderen maak ik mij grote zorgen over de sluiting van het consultatiebureau in onze wijk.',
        'Voor veel ouders zonder auto wordt de reis naar het centrum te lang. Ik vraag u het college te vragen de',
        'vestiging open te houden tot er een alternatief in de wijk is.',
        'Hartelijke groet,',
        'Yasmina Haddou',
      ].join('\n');
      const mail = aMail({ from: 'Yasmina Haddou <y.haddou@outlook.com>', subject: 'Consultatiebureau', text, html: true, headers: { contentType: 'text/html' } });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.topics).toContain('zorg');
    });

    it('recognises an English open letter from an association', () => {
      // Prepare
      const text = [
        'Dear members of the municipal council,',
        '',
        'We are writing on behalf of the Zuid-Kennemerland International Families Association, which represents',
        'some 400 international households in the region. Many of our members struggle to find affordable housing',
        'and school places for their children. We urge you to include international newcomers in the new housing',
        'vision and to make information about primary schools available in English.',
        '',
        'Kind regards,',
        '',
        'Olivia Grant',
        'Chair, Zuid-Kennemerland International Families Association',
      ].join('\n');
      const mail = aMail({ from: 'Olivia Grant <chair@zk-families.example>', subject: 'Open letter to the council on housing for newcomers', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.organisation).toBe('Zuid-Kennemerland International Families Association');
      expect(result.topics).toEqual(expect.arrayContaining(['wonen', 'onderwijs']));
    });

    it('recognises a mixed Dutch and English letter from a resident', () => {
      // Prepare
      const text = [
        'Geachte raadsleden, dear council members,',
        '',
        'I moved to Heemstede two years ago and I live next to the Wilhelminaplein. De geluidsoverlast van de',
        'horeca op vrijdag en zaterdag is erg toegenomen. I would like to ask you to review the closing hours for',
        'terraces on the square.',
        '',
        'Met vriendelijke groet / kind regards,',
        'Tomasz Nowak',
      ].join('\n');
      const mail = aMail({ from: 'Tomasz Nowak <tnowak@gmail.com>', subject: 'Noise Wilhelminaplein / geluidsoverlast', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.organisation).toBeNull();
    });

    it('takes the person in a web form as the author, not the own domain that sent it', () => {
      // Prepare
      const text = [
        'Er is een formulier ingevuld op www.heemstede.nl.',
        '',
        'Naam: Ruud Hoekstra',
        'E-mailadres: ruudhoekstra@hetnet.nl',
        'Onderwerp: brief aan de raad',
        'Bericht:',
        'Geachte raad, ik maak bezwaar tegen het plan om de bibliotheek aan de Julianalaan te sluiten.',
        'Voor ouderen in mijn buurt is dit de enige plek om hulp te krijgen met formulieren.',
      ].join('\n');
      const mail = aMail({ from: 'Website gemeente Heemstede <noreply@heemstede.nl>', subject: 'Contactformulier: brief aan de raad', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
    });

    it('counts a motion sent by another municipality as an advocacy letter', () => {
      // Prepare
      const text = [
        'Geachte griffier,',
        'De gemeenteraad van Oostzaan heeft op 20 januari bijgaande motie aangenomen over de bekostiging van',
        'jeugdzorg. Wij verzoeken u deze motie ter kennis te brengen van uw raad.',
        'Met vriendelijke groet,',
        'Griffie gemeente Oostzaan',
      ].join('\n');
      const mail = aMail({
        from: 'Griffie Oostzaan <griffie@oostzaan.example>',
        subject: 'Aangenomen motie jeugdzorg - ter kennisname aan alle raden',
        text,
        attachments: [pdfAttachment('Motie\nDe raad van de gemeente Oostzaan, in vergadering bijeen,\nverzoekt het college ...', 'motie-jeugdzorg.pdf')],
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.organisation).toBe('Gemeente Oostzaan');
      expect(result.topics).toContain('zorg');
    });
  });

  describe('who wrote it', () => {
    const griffieAck = [
      '> Geachte mevrouw Brouwer,',
      '> Uw brief wordt geplaatst op de lijst ingekomen stukken en aan de raadsleden toegezonden.',
      '> Met vriendelijke groet,',
      '> Johan Smeets, griffier',
      '> Griffie gemeente Zuiderhaven',
    ];
    const zuiderhaven = { verdicts: heemstede().verdicts, ownDomains: ['zuiderhaven.nl'] };

    it('never takes a quoted griffie signature for the organisation of a resident who replies', () => {
      // Prepare: Apple Mail's Dutch reply line ("heeft ... het volgende geschreven:")
      const text = [
        'Dank u. Wilt u er wel voor zorgen dat alle raadsleden mijn brief krijgen voor de vergadering?',
        'Ineke',
        '',
        'Op 10 apr. 2026 om 14:02 heeft Griffie Zuiderhaven <griffie@zuiderhaven.nl> het volgende geschreven:',
        '',
        ...griffieAck,
      ].join('\n');
      const mail = aMail({ from: 'Ineke Brouwer <ineke.brouwer@ziggo.nl>', subject: 'Re: Ontvangstbevestiging', text, headers: { inReplyTo: 'ack@zuiderhaven.nl' } });
      // Act
      const result = classify(mail, zuiderhaven);
      // Assess
      expect(result).toMatchObject({ category: 'citizen_letter', organisation: null, forwardedBy: null });
      expect(result.author?.address).toBe('ineke.brouwer@ziggo.nl');
      expect(result.reasons.join(' ')).not.toMatch(/Zuiderhaven|overheidsorgaan/);
    });

    it('classifies a letter a colleague forwards with a long signature by its original author', () => {
      // Prepare: an Outlook forward whose note and signature run past forty words
      const text = [
        'Hallo griffie,',
        '',
        'Deze mail kwam binnen op het algemene adres, maar mevrouw richt zich tot de raad. Willen jullie hem oppakken?',
        '',
        'Met vriendelijke groet,',
        'Petra Aarts',
        'Medewerker Klantcontactcentrum',
        'Gemeente Zuiderhaven | Raadhuisplein 1 | 4700 AC Zuiderhaven',
        'T 14 0165 | bereikbaar maandag tot en met donderdag van negen tot vijf',
        '',
        '-----Oorspronkelijk bericht-----',
        'Van: Marian Kok <mariankok@hetnet.nl>',
        'Verzonden: maandag 13 april 2026 21:47',
        'Aan: info@zuiderhaven.nl',
        'Onderwerp: klacht over geluidsoverlast',
        '',
        'Geachte leden van de gemeenteraad,',
        'Ik woon aan de Slotlaan, vlak bij het evenemententerrein. Ik vraag u om het aantal evenementen te beperken.',
        'Met vriendelijke groet,',
        'Marian Kok',
      ].join('\n');
      const mail = aMail({ from: 'Petra Aarts <p.aarts@zuiderhaven.nl>', subject: 'FW: klacht over geluidsoverlast', text });
      // Act
      const result = classify(mail, zuiderhaven);
      // Assess
      expect(result).toMatchObject({ category: 'citizen_letter', forward: true, organisation: null });
      expect(result.author).toEqual({ name: 'Marian Kok', address: 'mariankok@hetnet.nl' });
      expect(result.forwardedBy?.address).toBe('p.aarts@zuiderhaven.nl');
    });

    it('names the person in a web form as the author and the form system as the one who passed it on', () => {
      // Prepare
      const text = ['Naam: Sandra Mulder', 'E-mailadres: sandra.mulder@telfort.nl', 'Uw bericht:', 'Geachte raad, ik vraag u om de bibliotheek open te houden.'].join('\n');
      const mail = aMail({ from: 'Website <noreply@zuiderhaven.nl>', subject: 'Contactformulier: bericht aan de raad', text });
      // Act
      const result = classify(mail, zuiderhaven);
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.author).toEqual({ name: 'Sandra Mulder', address: 'sandra.mulder@telfort.nl' });
      expect(result.forwardedBy?.address).toBe('noreply@zuiderhaven.nl');
    });

    it('keeps a resident who forwards an organisation\'s letter with a long note of their own the author', () => {
      // Prepare: the resident speaks; the forwarded letter's signature is not the sender's
      const text = [
        'Geachte raadsleden,',
        '',
        'Hieronder stuur ik u de brief die ik van de woningcorporatie kreeg. Ik woon al veertig jaar in mijn huis en ik',
        'begrijp niet waarom mijn huur zo veel omhoog gaat terwijl er niets aan de woning gebeurt. Ik vraag u om hier',
        'met de corporatie over te praten, want ik ben zeker niet de enige in mijn straat.',
        '',
        'Met vriendelijke groet,',
        'Cor Pronk',
        '',
        '---------- Forwarded message ---------',
        'Van: Woonstichting Zuid <verhuur@woonstichtingzuid.example>',
        'Subject: Huurverhoging per 1 juli',
        '',
        'Geachte huurder, per 1 juli wordt uw huur verhoogd met 5,5%.',
        'Met vriendelijke groet, Woonstichting Zuid',
      ].join('\n');
      const mail = aMail({ from: 'Cor Pronk <corpronk@kpnmail.nl>', subject: 'Fwd: Huurverhoging per 1 juli', text });
      // Act
      const result = classify(mail, zuiderhaven);
      // Assess
      expect(result).toMatchObject({ category: 'citizen_letter', organisation: null, forwardedBy: null });
      expect(result.author?.address).toBe('corpronk@kpnmail.nl');
    });

    it('keeps what the resident wrote in a thread a colleague forwards, and leaves out the griffie\'s quoted answer', () => {
      // Prepare: colleague forwards a resident's reply, which quotes the griffie
      const text = [
        'Zie hieronder.',
        '',
        '-----Original Message-----',
        'From: Wim Verhoeven <wverhoeven@kpnmail.nl>',
        'Sent: Tuesday, April 14, 2026 9:00 AM',
        'To: info@zuiderhaven.nl',
        'Subject: RE: speeltuin',
        '',
        'Geachte raad, ik heb 84 handtekeningen van buurtbewoners. Mijn kinderen spelen elke dag in die speeltuin.',
        'Ik vraag u de speeltuin te behouden.',
        '',
        'Op 8 apr. 2026 om 09:14 schreef Griffie <griffie@zuiderhaven.nl>:',
        ...griffieAck,
      ].join('\n');
      const mail = aMail({ from: 'Postkamer <postkamer@zuiderhaven.nl>', subject: 'FW: RE: speeltuin', text });
      // Act
      const { classification, details } = classifyWithDetails(mail, zuiderhaven);
      // Assess
      expect(classification).toMatchObject({ category: 'citizen_letter', organisation: null });
      expect(classification.author?.address).toBe('wverhoeven@kpnmail.nl');
      expect(details.contributions.map((c) => c.reason)).not.toContain('vraagt plaatsing op de lijst ingekomen stukken');
    });
  });

  describe('fraud', () => {
    const elsewhere = { verdicts: heemstede().verdicts, ownDomains: ['lindeveen.nl'] };

    it('calls a "mayor" on free mail who wants an urgent, secret payment CEO fraud', () => {
      // Prepare
      const text = 'Hallo,\n\nZit je vandaag achter je bureau? Er moet een spoedbetaling naar een leverancier worden gedaan. Houd dit even onder ons tot het nieuws bekend is.\n\nBurgemeester P. Hoogland';
      const mail = aMail({ from: 'P. Hoogland <p.hoogland.burgemeester@gmail.com>', subject: 'Even snel', text });
      // Act
      const result = classify(mail, elsewhere);
      // Assess
      expect(result.category).toBe('spam');
      expect(result.reasons.join(' ')).toContain('CEO-fraude');
    });

    it('calls a request to buy gift cards and send the codes fraud', () => {
      // Prepare
      const text = 'Kun je voor mij vijf Apple gift cards van 50 euro kopen? Kras de codes open en stuur me een foto. Ik betaal je morgen terug.';
      const mail = aMail({ from: 'Directeur <directeur.lindeveen@outlook.com>', subject: 'Klein verzoek', text });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('spam');
    });

    it('calls an invoice that announces a new bank account fraud', () => {
      // Prepare
      const text = 'Geachte relatie,\n\nBijgaand onze factuur voor het onderhoud van de geluidsinstallatie. Let op: onze bankgegevens zijn gewijzigd, betaal voortaan op NL02 RABO 0123 4567 89.\n\nMet vriendelijke groet,\nAdministratie';
      const mail = aMail({ from: 'Administratie <admin@geluidstechniek-zuid.example>', subject: 'Factuur 77120', text });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('spam');
    });

    it('calls a paid listing in a register with a form to sign acquisition fraud', () => {
      // Prepare
      const text = 'Geachte heer/mevrouw,\n\nWij verzoeken u de vermelding in het Gemeentelijk Leveranciersregister te controleren en het formulier ondertekend te retourneren. Door ondertekening gaat u akkoord met een jaarlijkse bijdrage van € 845,- excl. btw.\n\nMet vriendelijke groet,\nRegistratieteam';
      const mail = aMail({ from: 'Registratieteam <service@leveranciersregister.example>', subject: 'Controle vermelding 2026', text, attachments: [pdfAttachment('Formulier vermelding\nHandtekening:', 'formulier.pdf')] });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('spam');
    });

    it('calls a voice-message lure spam', () => {
      // Prepare
      const mail = aMail({ from: 'Telefooncentrale <pbx@telefonie-meldingen.example>', subject: 'Gemist spraakbericht (1:12)', text: 'U heeft een nieuw spraakbericht. Beluister het bericht via onderstaande link.' });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('spam');
    });

    it('weighs the named risks: an impersonated mayor who asks for secrecy is CEO fraud', () => {
      // Prepare: the risk module found the impersonation (display name "Burgemeester ..." on free mail)
      const mail = aMail({ from: 'Burgemeester Hoogland <hoogland.bm@gmail.com>', subject: 'Vraag', text: 'Bent u vandaag op kantoor? Houd dit nog even onder ons.' });
      const risks = [{ code: 'impersonation' as const, text: 'De afzender noemt zich "Burgemeester", maar ...' }];
      // Act
      const withRisk = classify(mail, { ...elsewhere, risks });
      // Assess
      expect(withRisk.category).toBe('spam');
      expect(withRisk.reasons.join(' ')).toContain('CEO-fraude');
    });

    it('counts a look-alike domain and a dangerous attachment towards spam', () => {
      // Prepare: a short note that would otherwise pass for a Dutch message to the griffie
      const mail = aMail({ from: 'Griffie <griffie@lindeveen-gemeente.example>', subject: 'Stukken', text: 'Goedemiddag, in de bijlage de stukken voor vanavond. Met vriendelijke groet, de griffie' });
      const risks = [
        { code: 'lookalike_domain' as const, text: 'lijkt op lindeveen.nl' },
        { code: 'dangerous_attachment' as const, text: 'stukken.htm' },
      ];
      // Act
      const { classification, details } = classifyWithDetails(mail, { ...elsewhere, risks });
      // Assess
      expect(classification.category).toBe('spam');
      expect(details.contributions.map((c) => c.reason)).toEqual(expect.arrayContaining(['afzenderdomein lijkt op het eigen domein', 'bijlage die schade kan doen (zoals een webpagina of programma)']));
      expect(classify(mail, elsewhere).category).not.toBe('spam');
    });

    it('keeps a resident who urgently waits for a payment from the municipality a citizen letter', () => {
      // Prepare
      const text = 'Geachte raadsleden,\n\nIk wacht al vier maanden op de betaling van mijn huurtoeslagcompensatie. Het is dringend, want de huur moet vandaag betaald worden. Ik vraag u om dit bij het college aan te kaarten.\n\nMet vriendelijke groet,\nAnnemiek Vos';
      const mail = aMail({ from: 'Annemiek Vos <annemiekvos@hotmail.com>', subject: 'Wachten op betaling', text });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('citizen_letter');
    });

    it('keeps a foundation that asks the council for money an advocacy letter', () => {
      // Prepare
      const text = 'Geachte leden van de gemeenteraad,\n\nWij vragen u de subsidie voor het buurthuis te verhogen, zodat wij de energierekening kunnen blijven betalen.\n\nMet vriendelijke groet,\nStichting Buurthuis De Linde';
      const mail = aMail({ from: 'Stichting Buurthuis De Linde <bestuur@buurthuisdelinde.example>', subject: 'Subsidie buurthuis', text });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('advocacy_letter');
    });
  });

  describe('shapes that look like something else', () => {
    const elsewhere = { verdicts: heemstede().verdicts, ownDomains: ['lindeveen.nl'] };

    it('takes a meeting request from the own organisation for council work, not an invitation', () => {
      // Prepare
      const mail = aMail({
        from: 'Secretariaat burgemeester <secretariaat@lindeveen.nl>',
        subject: 'Uitnodiging: overleg presidium 14 mei',
        text: 'Beste griffie,\nHierbij de uitnodiging voor het presidium op 14 mei van 16.00 - 17.30 uur in kamer 2.\nGroet, secretariaat',
        attachments: [attachment('invite.ics', 'text/calendar')],
      });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('council_business');
    });

    it('does not take a reply to an acknowledgement for an acknowledgement', () => {
      // Prepare
      const text = 'Geachte griffie,\n\nDank voor de bevestiging. Ik wil de raadsleden nog laten weten dat de situatie in mijn straat sindsdien erger is geworden.\n\nMet vriendelijke groet,\nPiet Klaver';
      const mail = aMail({ from: 'Piet Klaver <pietklaver@hotmail.com>', subject: 'Re: Ontvangstbevestiging van uw brief', text, headers: { inReplyTo: 'ack@lindeveen.nl' } });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('citizen_letter');
    });

    it('calls a file-share notice from an outside domain that names a council document spam, not council work', () => {
      // Prepare
      const mail = aMail({
        from: 'Annet de Groot <no-reply@docs-share365.example>',
        subject: "Annet de Groot heeft 'Raadsvoorstel jaarrekening.pdf' met u gedeeld",
        text: 'Annet de Groot heeft een bestand met u gedeeld.\nRaadsvoorstel jaarrekening.pdf\nGraag bekijken voor het presidium.\nOpenen',
        html: true,
      });
      // Act
      const result = classify(mail, elsewhere);
      // Assess
      expect(result.category).toBe('spam');
    });

    it('keeps a formal letter with a kenmerk to college and raad a letter, even sent with a mailing tool', () => {
      // Prepare
      const text = [
        'Vereniging van Waterschappen en Gemeenten',
        'Aan: het college en de gemeenteraad',
        'Kenmerk: VWG/2026/114   Datum: 3 maart 2026',
        'Onderwerp: bijdrage dijkonderhoud',
        '',
        'Geachte leden van college en raad,',
        'Wij vragen u voor 1 mei uw standpunt over de verdeling van de kosten aan ons te laten weten.',
        'Met vriendelijke groet,',
        'het bestuur',
        'Afmelden voor deze berichten',
      ].join('\n');
      const mail = aMail({ from: 'VWG <brieven@vwg.example>', subject: 'Ledenbrief 26/004 bijdrage dijkonderhoud', text, allHeaders: newsletterToolHeaders() });
      // Act + Assess
      expect(classify(mail, elsewhere).category).toBe('advocacy_letter');
    });
  });

  describe('private person or organisation', () => {
    const elsewhere = { verdicts: heemstede().verdicts, ownDomains: ['lindeveen.nl'] };
    const letter = (from: string, body: string) => aMail({ from, subject: 'Brief aan de raad', text: `Geachte raadsleden,\n\n${body}\n\nMet vriendelijke groet,` });

    it('takes a household on a domain with its own name for private people', () => {
      // Act
      const result = classify(letter('Familie Roodenburg <post@familieroodenburg.example>', 'Wij wonen aan de Beukenlaan en vragen u de bomen te sparen.\nRia en Kees Roodenburg'), elsewhere);
      // Assess
      expect(result).toMatchObject({ category: 'citizen_letter', organisation: null });
    });

    it('takes a resident on an unknown provider\'s domain for a private person', () => {
      // Act
      const result = classify(letter('G. Lammers <g.lammers@breedbandnoord.example>', 'Ik ben 81 jaar en ik kan de nieuwe container niet openen. Ik vraag u om een oplossing voor ouderen.\nGerrit Lammers'), elsewhere);
      // Assess
      expect(result.category).toBe('citizen_letter');
    });

    it('believes a board member who writes on a personal title', () => {
      // Act
      const result = classify(
        letter('Nora Smit <nora.smit@gmail.com>', 'Ik ben bestuurslid van de sportvereniging, maar ik schrijf u op persoonlijke titel als moeder. Ik vraag u om een veiliger fietspad langs de school.\nNora Smit'),
        elsewhere,
      );
      // Assess
      expect(result.category).toBe('citizen_letter');
    });

    it('takes a signature with a function and a KvK number for an organisation, even from a person\'s address', () => {
      // Act
      const result = classify(
        letter('Erik Bos <erik@bosinstallatietechniek.example>', 'Ik vraag u de aanbesteding van de verduurzaming open te stellen voor lokale bedrijven.\n\nMet vriendelijke groet,\nErik Bos\nDirecteur\nBos Installatietechniek B.V. | KvK 12345678'),
        elsewhere,
      );
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.reasons.join(' ')).toMatch(/KvK|functie|organisatie/);
    });

    it('takes an action group on free mail for an organisation', () => {
      // Act
      const result = classify(
        letter('Redt de Molenvijver <redtdemolenvijver@gmail.com>', 'Namens de actiegroep Redt de Molenvijver vragen wij u de vijver niet te dempen. Onze petitie telt 900 handtekeningen.\nDe werkgroep'),
        elsewhere,
      );
      // Assess
      expect(result.category).toBe('advocacy_letter');
    });
  });

  describe('other mail', () => {
    it('classifies a Woo request', () => {
      // Prepare
      const text = [
        'Geacht college,',
        'Op grond van de Wet open overheid verzoek ik u om openbaarmaking van alle documenten over de aanbesteding',
        'van het groenonderhoud in 2025, waaronder offertes, gunningsbesluiten en interne adviezen.',
        'Met vriendelijke groet,',
        'Mark de Groot',
      ].join('\n');
      const mail = aMail({ from: 'Mark de Groot <mdegroot@gmail.com>', subject: 'Woo-verzoek groenonderhoud', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('woo_request');
      expect(result.forward).toBe(false);
    });

    it('classifies an invitation sent through a bulk platform', () => {
      // Prepare
      const text = [
        'Beste raadsleden,',
        'Graag nodigen wij u uit voor een werkbezoek aan de nieuwe waterzuivering in Zandvoort.',
        'Datum: donderdag 12 maart 2026',
        'Tijd: 15.00 - 17.00 uur',
        'Locatie: Kostverlorenweg 3, Zandvoort',
        'Aanmelden kan via de link hieronder. Wilt u deze uitnodiging delen met de raadsleden?',
        'Uitschrijven | U ontvangt dit bericht omdat u bij ons bent aangemeld.',
      ].join('\n');
      const mail = aMail({
        from: 'Hoogheemraadschap Kustland <evenementen@kustland.example>',
        subject: 'Uitnodiging werkbezoek waterzuivering',
        text,
        allHeaders: newsletterToolHeaders({ mailer: 'Brevo' }),
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('invitation');
      expect(result.organisation).toBe('Hoogheemraadschap Kustland');
    });

    it('classifies a meeting request with a calendar part as an invitation', () => {
      // Prepare
      const mail = aMail({
        from: 'Regio Zuid-Kennemerland <secretariaat@regiozk.example>',
        subject: 'Informatiesessie regionale energiestrategie',
        text: 'Graag nodigen wij de raadsleden uit voor een online informatiesessie.',
        attachments: [attachment('invite.ics', 'text/calendar')],
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('invitation');
      expect(result.reasons).toContain('agenda-uitnodiging (text/calendar)');
    });

    it('classifies a newsletter with platform headers and no letter as a newsletter', () => {
      // Prepare
      const text = [
        'Nieuwsbrief maart | Bekijk online',
        'In deze editie: het nieuwe omgevingsloket, een terugblik op ons congres en drie vacatures.',
        'Lees verder op onze website.',
        'Afmelden voor deze nieuwsbrief',
      ].join('\n');
      const mail = aMail({ from: 'Vakblad Lokaal <nieuws@vakbladlokaal.example>', subject: 'Nieuwsbrief maart 2026', text, allHeaders: newsletterToolHeaders() });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('newsletter');
      expect(result.reasons).toContain('List-Unsubscribe header');
      expect(result.organisation).toBe('Vakblad Lokaal');
    });

    it('classifies a press release to a press list as a newsletter', () => {
      // Prepare
      const text = 'PERSBERICHT\n\nVeiligheidsregio opent nieuwe brandweerpost in Bennebroek\n\nNoot voor de redactie: foto\'s op aanvraag.';
      const mail = aMail({ from: 'Veiligheidsregio Kennemerland <pers@vrk.example>', to: [], subject: 'Persbericht: nieuwe brandweerpost', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('newsletter');
      expect(result.topics).toContain('veiligheid');
    });

    it('classifies a raadsinformatiebrief from the own domain as council business', () => {
      // Prepare
      const mail = aMail({
        from: 'Bestuurssecretariaat <bestuurssecretariaat@heemstede.nl>',
        subject: 'Raadsinformatiebrief 2026-04 voortgang zwembad',
        text: 'Beste griffie,\nBijgaand de raadsinformatiebrief over het zwembad. Willen jullie hem doorzetten naar de raad?\nGroet, Bestuurssecretariaat',
        attachments: [pdfAttachment('Gemeente Heemstede\nRaadsinformatiebrief\nGeachte leden van de raad,\nMet deze brief informeren wij u ...', 'RIB 2026-04.pdf')],
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('council_business');
      expect(result.reasons[0]).toBe('afzender op eigen domein heemstede.nl');
      expect(result.organisation).toBe('Gemeente Heemstede');
    });

    it('classifies a council member writing from a private address as council business', () => {
      // Prepare
      const text = 'Hoi griffie,\nNamens onze fractie wil ik een agenderingsverzoek doen over de jeugdzorg voor de commissie van april.\nGroet,\nPieter Smit\nraadslid';
      const mail = aMail({ from: 'Pieter Smit <pietersmit.politiek@gmail.com>', subject: 'Agenderingsverzoek jeugdzorg', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('council_business');
    });
  });

  describe('automatic mail', () => {
    it('classifies an out-of-office reply', () => {
      // Prepare
      const mail = aMail({
        from: 'Wethouder Jansen <w.jansen@heemstede.nl>',
        subject: 'Automatisch antwoord: Agenda commissie Ruimte',
        text: 'Ik ben tot en met 14 april afwezig en lees mijn mail beperkt. Voor dringende zaken kunt u bellen met het secretariaat.',
        headers: { autoSubmitted: 'auto-replied', xAutoResponseSuppress: 'All', inReplyTo: 'x@heemstede.nl' },
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('auto_reply');
      expect(result.forward).toBe(false);
      expect(result.topics).toEqual([]);
    });

    it('classifies an English out-of-office without automatic headers', () => {
      // Prepare
      const mail = aMail({
        from: 'Ian Shaw <ian.shaw@partner.example>',
        subject: 'Out of Office: letter from the council',
        text: 'Thank you for your email. I am currently out of the office and will return on 3 March.',
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('auto_reply');
    });

    it('classifies a Dutch bounce that is not a multipart/report', () => {
      // Prepare
      const text = [
        'Uw bericht kan niet worden bezorgd bij de volgende geadresseerden:',
        'j.devries@oudprovider.example',
        'Het e-mailadres bestaat niet. Het bericht is niet afgeleverd.',
      ].join('\n');
      const mail = aMail({ from: 'Microsoft Outlook <postmaster@heemstede.nl>', subject: 'Onbestelbaar: Agenda raadsvergadering', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('auto_reply');
    });

    it('classifies a read receipt (MDN) as an automatic reply', () => {
      // Prepare
      const mail = aMail({
        from: 'Raadslid <raadslid@heemstede.nl>',
        subject: 'Gelezen: Stukken presidium',
        text: 'Uw bericht is gelezen op 4 maart 2026 9:12.',
        headers: { contentType: 'multipart/report', reportType: 'disposition-notification' },
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result).toMatchObject({ category: 'auto_reply', forward: false, confidence: 0.99 });
    });

    it('never forwards our own forward coming back (X-Raadspost-Id)', () => {
      // Prepare
      const mail = aMail({
        from: 'Platform <brieven@platform.example>',
        subject: 'Brief aan de gemeenteraad',
        text: 'Geachte raadsleden, wij vragen u om de brief te verspreiden onder de raadsleden.',
        headers: { raadspostId: 'rp-123' },
      });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('auto_reply');
      expect(result.forward).toBe(false);
      expect(result.reasons[0]).toContain('X-Raadspost-Id');
    });
  });

  describe('spam and phishing', () => {
    it('classifies credential phishing that passes SPF, DKIM, DMARC and the spam check', () => {
      // Prepare
      const text = [
        'Beste gebruiker,',
        'Uw wachtwoord verloopt vandaag. Om te voorkomen dat uw account wordt geblokkeerd, moet u uw account',
        'binnen 24 uur verifiëren. Klik op de knop hieronder.',
        'Account verifiëren',
        'Microsoft 365 Beheer',
      ].join('\n');
      const mail = aMail({ from: 'Microsoft 365 Beheer <beheer@m365-veiligheid.example>', subject: 'Actie vereist: wachtwoord verloopt', text, html: true });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('spam');
      expect(result.forward).toBe(false);
      expect(result.organisation).toBeNull();
      expect(result.reasons).toContain('afzendernaam noemt Microsoft maar het adres hoort daar niet bij');
    });

    it('classifies an English advance-fee scam from a free-mail address', () => {
      // Prepare
      const text = 'Dear Friend,\nI am contacting you about an unclaimed inheritance of USD 6,200,000. The transfer is risk free. Kindly reply with your full name and phone number.';
      const mail = aMail({ from: 'Dr. Amos Bello <amos.bello.office@gmail.com>', subject: 'Confidential proposal', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('spam');
    });

    it('classifies a message whose virus verdict is FAIL as spam, whatever it says', () => {
      // Prepare
      const mail = aMail({ subject: 'Brief aan de raad', text: 'Geachte raadsleden, zie de brief in de bijlage.', attachments: [attachment('brief.docm', 'application/octet-stream')] });
      // Act
      const result = classify(mail, heemstede({ virus: 'FAIL' }));
      // Assess
      expect(result).toMatchObject({ category: 'spam', forward: false, reasons: ['SES-virusscan: FAIL'] });
    });

    it('classifies a message whose spam verdict is FAIL as spam', () => {
      // Prepare
      const mail = aMail({ subject: 'Hallo', text: 'Geachte raad, ik heb een vraag.' });
      // Act
      const result = classify(mail, heemstede({ spam: 'FAIL' }));
      // Assess
      expect(result.category).toBe('spam');
    });

    it('does not call a resident spam for a failed DMARC check alone', () => {
      // Prepare
      const text = 'Geachte raadsleden,\nIk maak mij zorgen over de verkeersveiligheid bij de Glipperdreef en vraag u om een oversteekplaats.\nMet vriendelijke groet,\nLotte Bakker';
      const mail = aMail({ from: 'Lotte Bakker <lotte@bakker-familie.example>', subject: 'Oversteek Glipperdreef', text });
      // Act
      const result = classify(mail, heemstede({ dmarc: 'FAIL' }));
      // Assess
      expect(result.category).toBe('citizen_letter');
    });

    it('does not trust an own-domain sender whose authentication fails', () => {
      // Prepare
      const mail = aMail({
        from: 'Servicedesk <servicedesk@heemstede.nl>',
        subject: 'Uw mailbox is vol',
        text: 'Uw mailbox is bijna vol. Verifieer uw account om extra opslag te krijgen. Klik hier.',
      });
      // Act
      const { classification, details } = classifyWithDetails(mail, heemstede({ spf: 'FAIL', dmarc: 'FAIL' }));
      // Assess
      expect(classification.category).toBe('spam');
      expect(details.scores.council_business).toBeLessThanOrEqual(0);
    });
  });

  describe('the result', () => {
    it('always gives one of the eight categories, a confidence between 0 and 1 and at least one reason', () => {
      // Prepare
      const mails = [aMail(), aMail({ text: 'x' }), aMail({ from: '', subject: 'Re:', text: '>' }), aMail({ text: 'a '.repeat(50_000) })];
      for (const mail of mails) {
        // Act
        const result = classify(mail, heemstede());
        // Assess
        expect(CATEGORIES).toContain(result.category);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        expect(result.reasons.length).toBeGreaterThan(0);
      }
    });

    it('gives no organisation for a private person and none or only listed topics', () => {
      // Prepare
      const text = 'Geachte raad,\nIk woon aan de Herenweg en ik vraag u om meer groen en bomen in onze straat.\nGroet,\nEmma de Boer';
      const mail = aMail({ from: 'Emma de Boer <emmadeboer@icloud.com>', subject: 'Meer groen', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.organisation).toBeNull();
      expect(result.topics).toContain('natuur');
      const allowed = ['wonen', 'zorg', 'bereikbaarheid', 'verkeer', 'subsidies', 'veiligheid', 'klimaat', 'energie', 'onderwijs', 'cultuur', 'sport', 'economie', 'ruimtelijke-ordening', 'verkiezingen', 'financien', 'welzijn', 'natuur', 'overig'];
      for (const topic of result.topics) expect(allowed).toContain(topic);
    });

    it('finds the organisation a letter is written on behalf of', () => {
      // Prepare
      const text = 'Geachte raadsleden,\nNamens Bewonersvereniging Merlenhoven vragen wij u om de speelplaats aan de Kastanjelaan te behouden.\nMet vriendelijke groet,\nHenk Vos';
      const mail = aMail({ from: 'Henk Vos <henkvos@gmail.com>', subject: 'Speelplaats Kastanjelaan', text });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('advocacy_letter');
      expect(result.organisation).toBe('Bewonersvereniging Merlenhoven');
      expect(result.reasons).toContain('namens organisatie: Bewonersvereniging Merlenhoven');
    });

    it('takes a terse Dutch message to the griffie as a citizen letter rather than lose it', () => {
      // Prepare
      const mail = aMail({ from: 'Jan Post <janpost@hetnet.nl>', subject: 'Herenweg', text: 'Waarom wordt de Herenweg weer afgesloten? Dit is de derde keer dit jaar. Jan' });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result.category).toBe('citizen_letter');
      expect(result.reasons).toContain('persoonlijk bericht in het Nederlands');
    });

    it('does not offer a foreign test message without any signal for forwarding', () => {
      // Prepare
      const mail = aMail({ from: 'Dev <dev@example.com>', subject: 'test 2', text: 'Testing the attachment parser, please ignore this one.' });
      // Act
      const result = classify(mail, heemstede());
      // Assess
      expect(result).toMatchObject({ category: 'spam', forward: false, reasons: ['geen herkenbare inhoud voor de griffie'], organisation: null, topics: [] });
    });

    it('says "hoog" from the calibrated threshold on and "twijfel" below it', () => {
      // Act + Assess
      expect(confidenceLevel(0.99)).toBe('hoog');
      expect(confidenceLevel(CONFIDENT_FROM)).toBe('hoog');
      expect(confidenceLevel(CONFIDENT_FROM - 0.01)).toBe('twijfel');
      expect(confidenceLevel(0)).toBe('twijfel');
    });

    it('is no surer of a letter than of the choice between organisation and private person', () => {
      // Prepare: a clear letter to the council whose sender signals say nothing either way
      const text = 'Geachte raadsleden,\n\nGraag vragen wij u en ik u om de brug te repareren. Wilt u deze brief doorsturen aan de raadsleden?\n\nGroet';
      const mail = aMail({ from: 'Brug <brug@brugherstel.example>', subject: 'Brief aan de raad: de brug', text });
      // Act
      const { classification, details } = classifyWithDetails(mail, heemstede());
      // Assess
      expect(classification.forward).toBe(true);
      expect(details.senderKind).not.toBeNull();
      const margin = Math.abs((details.senderKind?.organisation ?? 0) - (details.senderKind?.private ?? 0));
      expect(classification.confidence).toBeLessThanOrEqual(Math.round(100 / (1 + Math.exp(-margin / 1.5))) / 100);
    });

    it('is pure: the same mail gives the same result', () => {
      // Prepare
      const mail = aMail({ subject: 'Brief aan de raad', text: NEWSLETTER_TOOL_LETTER });
      // Act
      const first = classify(mail, heemstede());
      const second = classify(mail, heemstede());
      // Assess
      expect(second).toEqual(first);
    });
  });
});

describe('grounds of a letter', () => {
  it('says why a letter is proposed in griffie terms: addressed to the raad, asked to pass on, an organisation for its members', () => {
    const c = classify(aMail({ from: 'Platform Buurtspeeltuinen <info@buurtspeeltuinen.example>', subject: 'Brief aan de raad', text: NEWSLETTER_TOOL_LETTER }), heemstede());
    expect(c.forward).toBe(true);
    expect(c.grounds).toEqual(expect.arrayContaining(['addressed_to_council', 'asks_distribution']));
    expect(c.grounds?.some((g) => g === 'organisation' || g === 'on_behalf_of_members')).toBe(true);
  });

  it('gives no grounds for what is not a letter', () => {
    const c = classify(aMail({ from: 'Nieuws <nieuws@vng.example>', subject: 'Nieuwsbrief maart', text: 'Lees in deze nieuwsbrief het laatste nieuws.\nAfmelden' , headers: newsletterToolHeaders() }), heemstede());
    expect(c.forward).toBe(false);
    expect(c.grounds).toBeUndefined();
  });
});

describe('attachments that do not go along', () => {
  it('does not count a macro document, a shortcut or a web page named "brief" as the letter', () => {
    const text = 'Zie bijlage.';
    const score = (filename: string, contentType: string) =>
      classifyWithDetails(aMail({ from: 'Vereniging <info@vereniging.example>', subject: 'Stukken', text, attachments: [attachment(filename, contentType)] }), heemstede())
        .details.contributions.some((c) => c.group === 'fact:letterAttachment');
    expect(score('brief aan de raad.pdf', 'application/pdf')).toBe(true);
    expect(score('brief aan de raad.docm', 'application/vnd.ms-word.document.macroEnabled.12')).toBe(false);
    expect(score('brief aan de raad.pdf.lnk', 'application/octet-stream')).toBe(false);
    expect(score('brief aan de raad.html', 'text/html')).toBe(false);
  });
});
