//! Tables as kubectl prints them through `text/tabwriter`: a header row whose column names
//! are separated by two spaces or more (a name may hold single spaces, `ACCESS MODES`,
//! `LAST SEEN`), and rows aligned on the header's columns. Shared by `kubectl describe`'s
//! tables and `kubectl get`'s output; not a format of its own.

/// The columns of a table, from its header row.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    names: Vec<String>,
    starts: Vec<usize>,
}

impl Columns {
    /// The columns named in a header row.
    pub(crate) fn from_header(line: &str) -> Columns {
        let mut names = Vec::new();
        let mut starts = Vec::new();
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b' ' || bytes[i] == b'\t' {
                i += 1;
                continue;
            }
            let start = i;
            // A name runs until two blanks in a row, a tab, or the end.
            while i < bytes.len()
                && bytes[i] != b'\t'
                && !(bytes[i] == b' ' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t'))
            {
                i += 1;
            }
            starts.push(start);
            names.push(line[start..i].to_string());
        }
        Columns { names, starts }
    }

    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The index of the column called `name`.
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// A row cut at the header's column starts; the last column takes the rest of the line.
    /// A row that is not aligned (a cell starts where the header has none) is split on
    /// whitespace instead, the last column taking what is left.
    pub(crate) fn cut(&self, line: &str) -> Vec<String> {
        // Aligned when no cell runs across a column start (empty cells are fine).
        let aligned =
            self.starts.iter().skip(1).all(|&s| {
                s >= line.len() || (floor(line, s) == s && line[..s].ends_with([' ', '\t']))
            });
        if !aligned {
            return self.split(line);
        }
        let n = self.starts.len();
        (0..n)
            .map(|k| {
                let from = floor(line, self.starts[k].min(line.len()));
                let to = if k + 1 == n {
                    line.len()
                } else {
                    floor(line, self.starts[k + 1].min(line.len()))
                };
                line.get(from..to.max(from))
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
            .collect()
    }

    /// A row split on runs of whitespace into as many cells as there are columns; the last
    /// takes the rest of the line as written (an event message keeps its own spacing).
    pub(crate) fn split(&self, line: &str) -> Vec<String> {
        let n = self.starts.len().max(1);
        let mut cells = Vec::with_capacity(n);
        let mut rest = line.trim_start();
        while cells.len() + 1 < n {
            let Some(end) = rest.find([' ', '\t']) else {
                break;
            };
            cells.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
        cells.push(rest.trim_end().to_string());
        cells.resize(n, String::new());
        cells
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_spaces_and_cells_by_position() {
        let header =
            "NAME          STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   AGE";
        let cols = Columns::from_header(header);
        assert_eq!(cols.names()[4], "ACCESS MODES");
        let row = "fedora-root   Pending                                         ceph-rbd       5m";
        let cells = cols.cut(row);
        assert_eq!(
            (cells[0].as_str(), cells[1].as_str(), cells[2].as_str()),
            ("fedora-root", "Pending", "")
        );
        assert_eq!(cells[5], "ceph-rbd");
    }

    #[test]
    fn misaligned_rows_are_split_on_whitespace() {
        let cols = Columns::from_header("NAME   READY   STATUS   RESTARTS   AGE");
        let cells = cols.cut("virt-launcher-vm1-x 0/1 ContainerCreating 0 5m");
        assert_eq!(
            cells,
            ["virt-launcher-vm1-x", "0/1", "ContainerCreating", "0", "5m"]
        );
    }
}
