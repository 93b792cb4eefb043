/* SPDX-License-Identifier: MIT */
/* Prints the size and member offsets of the public structs; compared with
 * layout.expected. Changing an existing line is an ABI break. */
#include <stddef.h>
#include <stdio.h>

#include <anq.h>

#define S(t) printf("sizeof %s %zu\n", #t, sizeof(t))
#define O(t, m) printf("offsetof %s.%s %zu\n", #t, #m, offsetof(t, m))

int main(void)
{
    S(anq_date); S(anq_jo); S(anq_author); S(anq_attribution); S(anq_event);
    S(anq_closure); S(anq_error);
    O(anq_error, code); O(anq_error, line); O(anq_error, field); O(anq_error, message);
    O(anq_error, index); O(anq_error, offset);
    O(anq_question, size); O(anq_question, format); O(anq_question, type);
    O(anq_question, legislature); O(anq_question, number); O(anq_question, uid);
    O(anq_question, url); O(anq_question, author); O(anq_question, ministry_asked);
    O(anq_question, ministry_answering); O(anq_question, attributions);
    O(anq_question, attributions_count); O(anq_question, rubrique);
    O(anq_question, tete_analyse); O(anq_question, analyses);
    O(anq_question, analyses_count); O(anq_question, title);
    O(anq_question, submitted); O(anq_question, answered);
    O(anq_question, sitting_date); O(anq_question, status); O(anq_question, closure);
    O(anq_question, events); O(anq_question, events_count); O(anq_question, question);
    O(anq_question, answer); O(anq_question, question_html); O(anq_question, answer_html);
    O(anq_question, warnings); O(anq_question, warnings_count);
    S(anq_question);
    S(anq_id); O(anq_id, legislature); O(anq_id, type); O(anq_id, number);
    return 0;
}
