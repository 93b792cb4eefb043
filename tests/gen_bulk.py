#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write an open-data bulk file of N invented questions (formats.md D), for
the streaming reader's tests and benchmark.

  gen_bulk.py [--seed S] [--namespace] [--malformed K]... [--no-number K]... N OUT

The root is `questionsEcrites`, as in the L14 dump; --namespace puts the
referentiel namespace and `xsi:type` on the questions, as in the L15+ files.
Only the filler words of the texts come from the random generator (seeded
with S, default 1): every field below follows a rule of the position i of
the question (1 to N), so that a test can know the record of question i
without reading the file.

  type          QE when i % 4 is 1 or 2, QG when i % 4 == 3, QOSD when 0
  number        i; legislature 14; uid QANR5L14{type}{i}
  author.an_id  PA{700000 + i % 577}; group abbrev G{i % 7}
  attributions  1 + i % 3 minAttrib: MINISTRIES[(i + a) % 10] for a = 0, 1, ...,
                the first dated as the question, the others {2014 + i % 4}-01-{10 + a}
  submitted     {2013 + i % 4}-{1 + i % 12}-{1 + i % 28} (QE, QOSD), written
                DD/MM/YYYY when i % 5 == 0; JO page 1000 + i % 9000
  state         QG: answered (nil textesQuestion, the answer is a sitting
                transcript starting with a stray </p>, published the
                submitted date + 1 year); QE and QOSD by (i // 4) % 4:
                0 and 3 answered (a year after the question), 1 open,
                2 withdrawn (closure RET)
  table         answered QE and QOSD with i % 11 == 0 have a table in the answer
  renewal       QE and QOSD with i % 7 == 0 have one renewal
  erratum       QE and QOSD with i % 13 == 0 have an erratum on the question
  --malformed K question K has a mismatched end tag inside (not well-formed)
  --no-number K question K has neither uid nor numero
"""
import argparse
import random
import sys

NS = "http://schemas.assemblee-nationale.fr/referentiel"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
WORDS = ("commune", "budget", "agriculteurs", "réforme", "santé", "école", "transport",
         "logement", "énergie", "retraite", "hôpital", "département", "sécurité", "emploi",
         "formation", "eau", "forêt", "collectivités", "dotation", "établissements",
         "procédure", "délai", "ministère", "territoire", "été", "impôt", "entreprises",
         "numérique", "handicap", "patrimoine")
MINISTRIES = ("Intérieur", "Économie", "Santé", "Agriculture", "Éducation nationale",
              "Transports", "Logement", "Justice", "Armées", "Culture")
TYPES = {"QE": "QuestionEcrite_Type", "QG": "QuestionGouvernement_Type",
         "QOSD": "QuestionOrale_Type"}


def qtype(i):
    return ("QOSD", "QE", "QE", "QG")[i % 4]


def state(i):
    if qtype(i) == "QG":
        return "answered"
    return ("answered", "open", "withdrawn", "answered")[(i // 4) % 4]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def info_jo(date, page, typ="JO_QUESTION", ind="        "):
    return (f"{ind}<infoJO>\n"
            f"{ind}  <typeJO>{typ}</typeJO>\n"
            f"{ind}  <dateJO>{date}</dateJO>\n"
            f"{ind}  <pageJO>{page}</pageJO>\n"
            f"{ind}  <numJO xsi:nil=\"true\"/>\n"
            f"{ind}  <urlLegifrance xsi:nil=\"true\"/>\n"
            f"{ind}  <referenceNOR xsi:nil=\"true\"/>\n"
            f"{ind}</infoJO>\n")


def question(i, rng, namespace, malformed, no_number):
    t = qtype(i)
    st = state(i)
    y, m, d = 2013 + i % 4, 1 + i % 12, 1 + i % 28
    sub = f"{d:02d}/{m:02d}/{y}" if i % 5 == 0 else f"{y}-{m:02d}-{d:02d}"
    ans = f"{y + 1}-{m:02d}-{d:02d}"
    page = 1000 + i % 9000
    out = []
    if namespace:
        out.append(f'  <question xsi:type="{TYPES[t]}">\n')
    else:
        out.append("  <question>\n")
    if not no_number:
        out.append(f"    <uid>QANR5L14{t}{i}</uid>\n")
    out.append("    <identifiant>\n")
    if not no_number:
        out.append(f"      <numero>{i}</numero>\n")
    out.append("      <regime>5ème République</regime>\n"
               "      <legislature>14</legislature>\n"
               "    </identifiant>\n"
               f"    <type>{t}</type>\n"
               "    <indexationAN>\n"
               f"      <rubrique>{rng.choice(WORDS)}</rubrique>\n"
               "      <teteAnalyse>aucune tête d'analyse</teteAnalyse>\n"
               f"      <ANALYSE><ANA>{rng.choice(WORDS)} {rng.choice(WORDS)}</ANA></ANALYSE>\n")
    if malformed:
        out.append("      <ANALYSE><ANA>broken</ANALYSE></ANA>\n")
    out.append("    </indexationAN>\n"
               "    <auteur>\n"
               f"      <identite><acteurRef>PA{700000 + i % 577}</acteurRef>"
               f"<mandatRef>PM{800000 + i}</mandatRef></identite>\n"
               f"      <groupe><organeRef>PO{600000 + i % 7}</organeRef><abrege>G{i % 7}</abrege>"
               f"<developpe>Groupe {i % 7}</developpe></groupe>\n"
               "    </auteur>\n")
    first = MINISTRIES[i % len(MINISTRIES)]
    out.append(f"    <minInt><abrege>{first}</abrege><developpe>Ministère : {first}</developpe></minInt>\n"
               "    <minAttribs>\n")
    for a in range(1 + i % 3):
        name = MINISTRIES[(i + a) % len(MINISTRIES)]
        out.append("      <minAttrib>\n"
                   + info_jo(f"{y}-{m:02d}-{d:02d}" if a == 0 else f"{y + 1}-01-{10 + a:02d}", page + a)
                   + f"        <denomination><abrege>{name}</abrege>"
                   f"<developpe>Ministère : {name}</developpe></denomination>\n"
                   "      </minAttrib>\n")
    out.append("    </minAttribs>\n")
    if t == "QG":
        out.append('    <textesQuestion xsi:nil="true"/>\n')
    else:
        out.append("    <textesQuestion>\n      <texteQuestion>\n"
                   + info_jo(sub, page)
                   + f"        <texte><![CDATA[{sentence(rng, 12 + rng.randrange(40))}]]></texte>\n")
        if i % 13 == 0:
            out.append("        <erratum>\n" + info_jo(f"{y}-12-20", page + 50, ind="          ")
                       + "        </erratum>\n")
        else:
            out.append('        <erratum xsi:nil="true"/>\n')
        out.append("      </texteQuestion>\n    </textesQuestion>\n")
    if st == "answered":
        if t == "QG":
            body = ("&lt;/p&gt;&lt;p&gt;M. le président. La parole est à un député.&lt;/p&gt;&lt;p&gt;"
                    + sentence(rng, 30 + rng.randrange(120)) + "&lt;/p&gt;")
            out.append("    <textesReponse>\n      <texteReponse>\n"
                       + info_jo(ans, page, "JO_DEBAT")
                       + f"        <texte>{body}</texte>\n"
                       '        <erratum xsi:nil="true"/>\n'
                       "      </texteReponse>\n    </textesReponse>\n")
        else:
            body = "<p>" + sentence(rng, 20 + rng.randrange(80)) + "</p>"
            if i % 11 == 0:
                body += ("<table><tr><td>année</td><td>montant</td></tr>"
                         f"<tr><td>{y}</td><td>{i}</td></tr></table>")
            out.append("    <textesReponse>\n      <texteReponse>\n"
                       + info_jo(ans, page + 100)
                       + f"        <texte><![CDATA[{body}]]></texte>\n"
                       '        <erratum xsi:nil="true"/>\n'
                       "      </texteReponse>\n    </textesReponse>\n")
        out.append("    <cloture>\n      <codeCloture>REP_PUB</codeCloture>\n"
                   "      <libelleCloture>Réponse publiée</libelleCloture>\n"
                   f"      <dateCloture>{ans}</dateCloture>\n    </cloture>\n")
    else:
        out.append('    <textesReponse xsi:nil="true"/>\n')
        if st == "withdrawn":
            out.append("    <cloture>\n      <codeCloture>RET</codeCloture>\n"
                       "      <libelleCloture>Retrait à l'initiative de l'auteur</libelleCloture>\n"
                       f"      <dateCloture>{y}-12-30</dateCloture>\n    </cloture>\n")
        else:
            out.append('    <cloture xsi:nil="true"/>\n')
    out.append('    <signalement xsi:nil="true"/>\n')
    if t != "QG" and i % 7 == 0:
        out.append("    <renouvellements>\n      <renouvellement>\n"
                   + info_jo(f"{y}-12-01", page + 7, ind="        ")
                   + "      </renouvellement>\n    </renouvellements>\n")
    else:
        out.append('    <renouvellements xsi:nil="true"/>\n')
    out.append("  </question>\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--namespace", action="store_true")
    ap.add_argument("--malformed", type=int, action="append", default=[])
    ap.add_argument("--no-number", type=int, action="append", default=[])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if a.namespace:
            f.write(f'<questionsEcrites xmlns="{NS}" xmlns:xsi="{XSI}">\n')
        else:
            f.write(f'<questionsEcrites xmlns:xsi="{XSI}">\n')
        for i in range(1, a.n + 1):
            f.write(question(i, rng, a.namespace, i in a.malformed, i in a.no_number))
        f.write("</questionsEcrites>\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
